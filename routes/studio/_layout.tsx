import { Head, type LayoutProps } from "@marquee/fresh";

/** The studio's section navigation, beside the dashboard's. */
export default function StudioLayout({ Component, url }: LayoutProps) {
  const here = (path: string) => url.pathname === path ? "page" : undefined;
  return (
    <div class="dashboard studio">
      <Head>
        <meta name="robots" content="noindex" />
      </Head>
      <nav class="subnav" aria-label="Studio">
        <ul role="list">
          <li>
            <a href="/studio" aria-current={here("/studio")}>Your streams</a>
          </li>
          <li>
            <a href="/dashboard">Dashboard</a>
          </li>
        </ul>
      </nav>
      <Component />
    </div>
  );
}
