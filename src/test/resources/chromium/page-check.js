// Appended to a copy of a sparkfit page and run by headless Chromium (HeadlessChromium): once the page has
// loaded, it writes what a reader sees, as JSON, into a pre element (id sparkfit-check) that --dump-dom prints.
window.addEventListener('load', () => {
  const top = el => el ? el.getBoundingClientRect().top + window.scrollY : null;
  const images = [...document.images];
  const headline = document.querySelector('p.headline');
  const firstFigure = document.querySelector('figure');
  const details = [...document.querySelectorAll('details')];
  const last = [...document.body.children].filter(e => e.tagName !== 'SCRIPT').pop();
  const result = {
    title: document.title,
    h1: (document.querySelector('h1') || {}).textContent || null,
    headline: headline ? headline.textContent : null,
    headlineAboveFirstFigure: headline !== null && firstFigure !== null && top(headline) < top(firstFigure),
    images: images.length,
    brokenImages: images.filter(i => !i.complete || i.naturalWidth === 0).length,
    smallestImageWidth: images.length ? Math.min(...images.map(i => i.naturalWidth)) : 0,
    captions: [...document.querySelectorAll('figcaption')].map(c => c.textContent),
    headings: [...document.querySelectorAll('h2')].map(h => h.textContent),
    details: details.map(d => ({summary: d.querySelector('summary').textContent, open: d.open,
      preVisible: d.querySelector('pre').checkVisibility()})),
    endsWithDetails: last !== undefined && last.tagName === 'DETAILS',
    tables: document.querySelectorAll('table').length
  };
  const out = document.createElement('pre');
  out.id = 'sparkfit-check';
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
});
