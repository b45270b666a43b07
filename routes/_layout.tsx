import type { LayoutProps } from "@marquee/fresh";
import { safeNextPath } from "../islands/_lib/next_path.ts";
import CartLink from "../islands/CartLink.tsx";
import SearchSuggest from "../islands/SearchSuggest.tsx";
import UserMenu from "../islands/UserMenu.tsx";

/** Header (brand, navigation, search, account menu), main landmark and footer of every page. */
export default function SiteLayout({ Component, url }: LayoutProps) {
  // The product list has its own, larger search form.
  const onSearchPage = url.pathname === "/products";
  const onAuthPage = url.pathname === "/signin" || url.pathname === "/signup";
  // On the sign-in and sign-up pages the header's "Sign in" keeps where the visitor was going.
  const next = onAuthPage
    ? safeNextPath(url.searchParams.get("next"), "") || undefined
    : url.pathname === "/"
    ? undefined
    : url.pathname + url.search;
  return (
    <>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="site-header">
        <div class="container header-inner">
          <a class="brand" href="/">Marquee</a>
          <nav class="site-nav" aria-label="Main">
            <ul role="list">
              <li>
                <a href="/products" aria-current={onSearchPage ? "page" : undefined}>Browse</a>
              </li>
              <li>
                <a href="/#live">Live</a>
              </li>
            </ul>
          </nav>
          {onSearchPage
            ? null
            : (
              <form class="header-search" role="search" action="/products" method="get">
                <SearchSuggest
                  id="site-search"
                  label="Search products"
                  placeholder="Search products"
                  hideLabel
                />
                <button class="button button-quiet" type="submit">Search</button>
              </form>
            )}
          <CartLink />
          <UserMenu next={next} />
        </div>
      </header>
      <main id="main" class="container" tabIndex={-1}>
        <Component />
      </main>
      <footer class="site-footer">
        <div class="container">
          <p>Marquee — digital products and live events from independent creators.</p>
        </div>
      </footer>
    </>
  );
}
