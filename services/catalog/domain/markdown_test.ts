import assert from "node:assert/strict";
import { renderMarkdown, safeUrl } from "./markdown.ts";

/** Fails when `html` has a live tag or attribute that could run script. */
function assertInert(html: string) {
  assert.doesNotMatch(html, /<\s*(script|iframe|object|embed|style|svg|math|form)/i, html);
  assert.doesNotMatch(html, /<[^>]*\son[a-z]+\s*=/i, html);
  assert.doesNotMatch(html, /(href|src)\s*=\s*"\s*(javascript|vbscript|data):/i, html);
}

Deno.test("Markdown renders headings, emphasis, lists, code and safe links", () => {
  const html = renderMarkdown(
    '# Title\n\n**bold** _em_\n\n- one\n- two\n\n`a<b`\n\n[site](https://example.com "T")',
  );
  assert.match(html, /<h2>Title<\/h2>/);
  assert.match(html, /<strong>bold<\/strong>/);
  assert.match(html, /<li>two<\/li>/);
  assert.match(html, /<code>a&lt;b<\/code>/);
  assert.match(
    html,
    /<a href="https:\/\/example.com" title="T" rel="nofollow ugc noopener">site<\/a>/,
  );
});

Deno.test("raw HTML in the source comes out as text", () => {
  const cases = [
    "<script>alert(1)</script>",
    '<iframe src="https://evil.test"></iframe>',
    "before <img src=x onerror=alert(1)> after",
    '<div onmouseover="alert(1)">hover</div>',
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">x</a>',
    "text <b onclick=alert(1)>inline</b>",
  ];
  for (const source of cases) {
    const html = renderMarkdown(source);
    assertInert(html);
    assert.match(html, /&lt;/, "the tag is shown as text");
  }
});

Deno.test("links and images with script URLs lose their URL", () => {
  const cases = [
    "[x](javascript:alert(1))",
    "[x](JavaScript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](java&#x73;cript:alert(1))",
    "[x](java&#115;cript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](vbscript:msgbox)",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
  ];
  for (const source of cases) {
    const html = renderMarkdown(source);
    assertInert(html);
    assert.doesNotMatch(html, /<a |<img /, `${source} -> ${html}`);
  }
});

Deno.test("safeUrl keeps relative, http(s) and mailto URLs only", () => {
  for (
    const ok of ["/docs", "#top", "?q=1", "docs/page", "https://a.test/x:y", "mailto:a@b.test"]
  ) {
    assert.equal(safeUrl(ok), ok);
  }
  for (
    const bad of [
      "javascript:x",
      "\tjavascript:x",
      "java\nscript:x",
      "&#106;avascript:x",
      "x&foo;:y",
    ]
  ) {
    assert.equal(safeUrl(bad), undefined, bad);
  }
});

Deno.test("a description's highest heading becomes h2, the rest keep their distance", () => {
  const html = renderMarkdown("# Top\n\n## Middle\n\n#### Deep\n\nSetext\n======\n\n> ### Quoted");
  assert.match(html, /<h2>Top<\/h2>/);
  assert.match(html, /<h3>Middle<\/h3>/);
  assert.match(html, /<h5>Deep<\/h5>/);
  assert.match(html, /<h2>Setext<\/h2>/);
  assert.match(html, /<blockquote>\s*<h4>Quoted<\/h4>/);
  assert.doesNotMatch(html, /<h1/);
});

Deno.test("headings never go past h6, and a description starting lower moves up to h2", () => {
  const capped = renderMarkdown("# One\n\n###### Six");
  assert.match(capped, /<h2>One<\/h2>/);
  assert.match(capped, /<h6>Six<\/h6>/);
  assert.doesNotMatch(capped, /<h7/);
  const lower = renderMarkdown("### Three\n\n#### Four");
  assert.match(lower, /<h2>Three<\/h2>/);
  assert.match(lower, /<h3>Four<\/h3>/);
  assert.equal(renderMarkdown("No headings here"), "<p>No headings here</p>\n");
});
