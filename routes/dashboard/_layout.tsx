import { Head, type LayoutProps } from "@marquee/fresh";

/** The dashboard's section navigation around its pages. */
export default function DashboardLayout({ Component, url }: LayoutProps) {
  const here = (path: string) => url.pathname === path ? "page" : undefined;
  return (
    <div class="dashboard">
      <Head>
        <meta name="robots" content="noindex" />
      </Head>
      <nav class="subnav" aria-label="Dashboard">
        <ul role="list">
          <li>
            <a href="/dashboard" aria-current={here("/dashboard")}>Your products</a>
          </li>
          <li>
            <a href="/dashboard/products/new" aria-current={here("/dashboard/products/new")}>
              New product
            </a>
          </li>
          <li>
            <a href="/dashboard/sales" aria-current={here("/dashboard/sales")}>Sales</a>
          </li>
          <li>
            <a href="/dashboard/discounts" aria-current={here("/dashboard/discounts")}>
              Discounts
            </a>
          </li>
          <li>
            <a href="/studio">Studio</a>
          </li>
        </ul>
      </nav>
      <Component />
    </div>
  );
}
