/**
 * Product descriptions: Markdown from creators rendered to HTML that is safe to put in a
 * page. Raw HTML in the source is shown as text, never passed through, and links and images
 * keep only http(s), mailto and relative URLs, so no script, iframe, event-handler attribute
 * or `javascript:` URL can come out.
 * @module
 */
import { Marked, type Tokens } from "marked";

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

/** Renders a description to safe HTML. */
export function renderMarkdown(markdown: string): string {
  return marked.parse(markdown, { async: false });
}
