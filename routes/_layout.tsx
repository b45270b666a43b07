import type { LayoutProps } from "@marquee/fresh";
import { safeNextPath } from "../islands/_lib/next_path.ts";
import CartLink from "../islands/CartLink.tsx";
import SearchSuggest from "../islands/SearchSuggest.tsx";
import UserMenu from "../islands/UserMenu.tsx";

function SearchIcon() {
  return (
    <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none">
      <circle cx="10.5" cy="10.5" r="6.5" stroke="currentColor" stroke-width="2.25" />
      <path d="m15.5 15.5 5 5" stroke="currentColor" stroke-width="2.25" stroke-linecap="round" />
    </svg>
  );
}

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
                <a
                  href="/live"
                  aria-current={url.pathname.startsWith("/live") ? "page" : undefined}
                >
                  Live
                </a>
              </li>
            </ul>
          </nav>
          {onSearchPage ? null : (
            // A disclosure, so it works without JavaScript: on narrow screens the button opens
            // the form below the header; wide screens show the form and hide the button.
            <details class="header-search">
              <summary class="search-toggle">
                <SearchIcon />
                <span class="visually-hidden">Search</span>
              </summary>
              <form class="header-search-form" role="search" action="/products" method="get">
                <SearchSuggest
                  id="site-search"
                  label="Search products"
                  placeholder="Search products"
                  hideLabel
                />
                <button class="button button-quiet" type="submit">Search</button>
              </form>
            </details>
          )}
          <CartLink />
          <UserMenu next={next} />
        </div>
      </header>
      <main id="main" class="container" tabIndex={-1}>
        <Component />
      </main>
      <footer class="site-footer">
        <div class="container footer-inner">
          <p>Marquee — digital products and live events from independent creators.</p>
          <nav aria-label="Footer">
            <ul class="footer-links" role="list">
              <li>
                <a href="/help" aria-current={url.pathname === "/help" ? "page" : undefined}>
                  Help
                </a>
              </li>
              <li>
                <a href="/terms" aria-current={url.pathname === "/terms" ? "page" : undefined}>
                  Terms
                </a>
              </li>
              <li>
                <a href="/privacy" aria-current={url.pathname === "/privacy" ? "page" : undefined}>
                  Privacy
                </a>
              </li>
            </ul>
          </nav>
        </div>
      </footer>
    </>
  );
}
