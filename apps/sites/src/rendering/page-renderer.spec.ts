import { contentSecurityPolicy, renderPage, safeUrl } from './page-renderer';

const site = { name: 'Shop <b>', slug: 'shop' };

describe('page renderer', () => {
  it('escapes every user value, in text and in attributes, and emits no script', () => {
    const { html } = renderPage({
      site,
      page: { title: '</title><script>x()</script>', path: '/' },
      navigation: [{ title: '"><img onerror=x>', path: '/' }],
      components: [
        { id: 'a', type: 'heading', props: { text: '<img src=x onerror=alert(1)>', level: 2 } },
        { id: 'b', type: 'text', props: { text: "first <script>alert('x')</script>\n\nsecond & third" } },
        { id: 'c', type: 'image', props: { url: 'https://cdn.example/a.png?x=1&y="2"', alt: '" onload="x()' } },
        { id: 'd', type: 'button', props: { label: 'Go', href: 'javascript:alert(1)' } },
      ],
    });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img src=x/);
    expect(html).not.toMatch(/onerror=x>/);
    expect(html).toContain('<h2>&#60;img src=x onerror=alert(1)&#62;</h2>');
    expect(html).toContain('<p>first &#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;</p>\n<p>second &#38; third</p>');
    expect(html).toContain('src="https://cdn.example/a.png?x=1&#38;y=&#34;2&#34;" alt="&#34; onload=&#34;x()"');
    // A script URL never becomes a link.
    expect(html).toContain('href="#"');
    expect(html).toContain('<title>&#60;/title&#62;&#60;script&#62;x()&#60;/script&#62; · Shop &#60;b&#62;</title>');
  });

  it('gives the same bytes the same ETag, and different bytes another', () => {
    const page = { site, page: { title: 'Home', path: '/' }, navigation: [], components: [] };
    const heading = { id: 'a', type: 'heading' as const, props: { text: 'Hi' } };
    expect(renderPage(page).etag).toBe(renderPage(page).etag);
    expect(renderPage({ ...page, components: [heading] }).etag).not.toBe(renderPage(page).etag);
  });

  it("allows no script, only the page's own stylesheet and images from the origins it uses", () => {
    const csp = contentSecurityPolicy([
      'https://cdn.example/a.png',
      'https://cdn.example/b.png',
      'http://127.0.0.1:9000/bucket/c.png',
      'data:x',
    ]);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain('img-src http://127.0.0.1:9000 https://cdn.example;');
    expect(contentSecurityPolicy([])).toContain("img-src 'none'");
  });

  it('keeps only http(s), mailto and site-relative links', () => {
    expect(safeUrl('https://a.example/x')).toBe('https://a.example/x');
    expect(safeUrl('/sites/shop/about')).toBe('/sites/shop/about');
    expect(safeUrl('//evil.example')).toBe('#');
    expect(safeUrl(' JavaScript:alert(1)')).toBe('#');
    expect(safeUrl('data:text/html,x')).toBe('#');
  });
});
