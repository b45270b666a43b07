/**
 * Product descriptions: Markdown from creators rendered to HTML that is safe to put in a
 * page. Raw HTML in the source is shown as text, never passed through, and links and images
 * keep only http(s), mailto and relative URLs, so no script, iframe, event-handler attribute
 * or `javascript:` URL can come out. Headings are shifted under the page's own: the page's h1
 * is the product title, so a description's highest heading becomes h2 (never deeper than h6).
 * @module
 */
import { Marked, type Token, type Tokens } from "marked";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const SAFE_SCHEMES = new Set(["http", "https", "mailto"]);

/** Decodes the character references a browser would decode in an attribute. */
function decodeReferences(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16) % 0x110000))
    .replace(/&#(\d+);?/g, (_, dec) => String.fromCodePoint(Number(dec) % 0x110000))
    .replace(/&colon;/gi, ":");
}

/**
 * The URL when it is safe to link to: relative, or http, https or mailto. Control
 * characters, whitespace and character references cannot smuggle in another scheme.
 */
export function safeUrl(url: string): string | undefined {
  // deno-lint-ignore no-control-regex
  const plain = decodeReferences(url).replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  const head = plain.split(/[/?#]/, 1)[0] ?? "";
  if (head.includes("&")) return undefined; // an unknown reference where a scheme would be
  const colon = head.indexOf(":");
  if (colon === -1) return url;
  return SAFE_SCHEMES.has(head.slice(0, colon).toLowerCase()) ? url : undefined;
}

const marked = new Marked({
  gfm: true,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(token.text);
    },
    link(token: Tokens.Link): string {
      const text = this.parser.parseInline(token.tokens);
      const href = safeUrl(token.href);
      if (href === undefined) return text;
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : "";
      return `<a href="${escapeHtml(href)}"${title} rel="nofollow ugc noopener">${text}</a>`;
    },
    image(token: Tokens.Image): string {
      const src = safeUrl(token.href);
      if (src === undefined) return escapeHtml(token.text);
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : "";
      return `<img src="${escapeHtml(src)}" alt="${
        escapeHtml(token.text)
      }"${title} loading="lazy">`;
    },
  },
});

/** The highest heading level a description may use: the page's h1 is the product's title. */
export const TOP_HEADING = 2;

/**
 * Moves every heading by the same number of levels so that the highest becomes
 * {@linkcode TOP_HEADING}, keeping their relative order, and caps them at h6.
 */
function shiftHeadings(tokens: Token[]): void {
  const headings: Tokens.Heading[] = [];
  marked.walkTokens(tokens, (token) => {
    if (token.type === "heading") headings.push(token as Tokens.Heading);
  });
  if (headings.length === 0) return;
  const shift = TOP_HEADING - Math.min(...headings.map((h) => h.depth));
  for (const heading of headings) heading.depth = Math.min(6, heading.depth + shift);
}

/** Renders a description to safe HTML. */
export function renderMarkdown(markdown: string): string {
  const tokens = marked.lexer(markdown);
  shiftHeadings(tokens);
  return marked.parser(tokens);
}
