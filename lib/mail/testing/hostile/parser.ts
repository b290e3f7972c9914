import { family } from './vector';

/** Tag and attribute syntax a naive filter reads differently from an HTML parser, and charset tricks. */
export const ENCODING_VECTORS = family('encoding', [
  {
    id: 'encoding-01',
    attempts: 'script',
    description: 'Slashes instead of spaces between attributes',
    html: '<img/src="x"/onerror="__PWN__">',
  },
  {
    id: 'encoding-02',
    attempts: 'script',
    description: 'Unquoted handler',
    html: '<img src=x onerror=__PWN__>',
  },
  {
    id: 'encoding-03',
    attempts: 'script',
    description: 'Uppercase and mixed-case tag and attribute names',
    html: '<IMG SRC=x OnErRoR="__PWN__">',
  },
  {
    id: 'encoding-04',
    attempts: 'script',
    description: 'Backtick-quoted attribute values (legacy IE)',
    html: '<img src=`x` onerror=__PWN__>',
  },
  {
    id: 'encoding-05',
    attempts: 'script',
    description: 'Stray quotes that make a filter think the script is inside an attribute',
    html: '<img """><script>__PWN__</script>">',
  },
  {
    id: 'encoding-06',
    attempts: 'script',
    description: 'Doubled angle brackets around a script',
    html: '<<script>__PWN__//<</script>',
  },
  {
    id: 'encoding-07',
    attempts: 'script',
    description: 'Form feeds as attribute separators',
    html: '<img\u000csrc=x\u000conerror="__PWN__">',
  },
  {
    id: 'encoding-08',
    attempts: 'script',
    description: 'CR LF around the attribute name, equals sign and value',
    html: '<img\r\nsrc=x\r\nonerror\r\n=\r\n"__PWN__">',
  },
  {
    id: 'encoding-09',
    attempts: 'script',
    description: 'Vertical tab (not HTML whitespace) gluing the tag name to an attribute',
    html: '<img\u000bsrc=x onerror="__PWN__">',
  },
  {
    id: 'encoding-10',
    attempts: 'script',
    description: 'NUL inside the tag name',
    html: '<scr\u0000ipt>__PWN__</scr\u0000ipt>',
  },
  {
    id: 'encoding-11',
    attempts: 'script',
    description: 'NUL inside an event attribute name',
    html: '<img src=x on\u0000error="__PWN__">',
  },
  {
    id: 'encoding-12',
    attempts: 'script',
    description: 'The image alias the parser turns into img',
    html: '<image src="x" onerror="__PWN__">',
  },
  {
    id: 'encoding-13',
    attempts: 'script',
    description: 'Handler that evaluates a data attribute, so the payload is not in the handler',
    html: '<img src="x" onerror="eval(this.dataset.p)" data-p="__PWN__">',
  },
  {
    id: 'encoding-14',
    attempts: 'script',
    description: 'Character references inside the handler body',
    html: '<img src="x" onerror="__PWN__&#59;&#x2F;&#x2F;">',
  },
  {
    id: 'encoding-15',
    attempts: 'script',
    description: 'Markup inside an attribute value, which must stay text when re-serialized',
    html: '<p title="</p><img src=x onerror=__PWN__>">Hover here</p>',
  },
  {
    id: 'encoding-16',
    attempts: 'script',
    description: 'Duplicate href: the first wins in HTML, a filter may check the last',
    html: '<a href="https://contoso.test/" href="javascript:__PWN__">Report</a>',
  },
  {
    id: 'encoding-17',
    attempts: 'script',
    description: 'Unclosed tag that swallows the next one as an attribute',
    html: '<img src=x onerror="__PWN__" <p>text</p>',
  },
  {
    id: 'encoding-18',
    attempts: 'script',
    description: 'Unquoted value running into a JavaScript comment',
    html: '<svg/onload=__PWN__//>',
  },
  {
    id: 'encoding-19',
    attempts: 'script',
    description: 'UTF-7 script after a meta charset',
    html: '<meta charset="UTF-7">+ADw-script+AD4-__PWN__+ADw-/script+AD4-',
  },
  {
    id: 'encoding-20',
    attempts: 'script',
    description: 'Conditional comment that legacy IE treated as markup',
    html: '<!--[if gte IE 4]><script>__PWN__</script><![endif]-->',
  },
]);

/**
 * Mutation XSS: markup that parses harmlessly once, but turns into something else when the sanitizer's
 * output is serialized and parsed again, or when the browser parses raw-text elements differently.
 */
export const MUTATION_VECTORS = family('mutation', [
  {
    id: 'mutation-01',
    attempts: 'script',
    description: 'noscript is text for a scripting browser, markup for a non-scripting sanitizer',
    html: '<noscript><p title="</noscript><img src=x onerror=__PWN__>"></noscript>',
  },
  {
    id: 'mutation-02',
    attempts: 'script',
    description: 'svg closed by a stray end tag, then a style element holding a fake attribute',
    html: '<svg></p><style><a id="</style><img src=1 onerror=__PWN__>">',
  },
  {
    id: 'mutation-03',
    attempts: 'script',
    description: 'math/mtext/table/mglyph/style with a comment that an entity-escaped title closes',
    html: '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=__PWN__&gt;"></mglyph></table></mtext></math>',
  },
  {
    id: 'mutation-04',
    attempts: 'script',
    description: 'Style under mglyph: raw text in HTML, elements in MathML',
    html: '<math><mtext><table><mglyph><style><img src=x onerror="__PWN__"></style></mglyph></table></mtext></math>',
  },
  {
    id: 'mutation-05',
    attempts: 'script',
    description: 'Nested forms that move mglyph into MathML on the second parse',
    html: '<form><math><mtext></form><form><mglyph><style></math><img src onerror=__PWN__></form>',
  },
  {
    id: 'mutation-06',
    attempts: 'script',
    description: 'textarea inside svg inside math, closed from an attribute',
    html: '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=__PWN__ src=1>"></path></textarea></mtext></svg></mglyph></mi></math>',
  },
  {
    id: 'mutation-07',
    attempts: 'script',
    description: 'svg style: child elements in SVG, raw text in HTML',
    html: '<svg><style><img src=x onerror="__PWN__"></style></svg>',
  },
  {
    id: 'mutation-08',
    attempts: 'script',
    description: 'p inside svg breaks out to HTML, changing what style holds',
    html: '<svg><p><style><img src=x onerror="__PWN__"></style></p></svg>',
  },
  {
    id: 'mutation-09',
    attempts: 'script',
    description: 'svg title closed from inside an attribute',
    html: '<svg><title><img title="</title><img src=x onerror=__PWN__>"></title></svg>',
  },
  {
    id: 'mutation-10',
    attempts: 'script',
    description: 'xmlns attribute claiming the HTML namespace for an svg style',
    html: '<svg xmlns="http://www.w3.org/1999/xhtml"><style><img src=x onerror="__PWN__"></style></svg>',
  },
  {
    id: 'mutation-11',
    attempts: 'script',
    description: 'textarea closed from inside an attribute',
    html: '<textarea><img title="</textarea><img src=x onerror=__PWN__>"></textarea>',
  },
  {
    id: 'mutation-12',
    attempts: 'script',
    description: 'xmp closed from inside an attribute',
    html: '<xmp><img title="</xmp><img src=x onerror=__PWN__>"></xmp>',
  },
  {
    id: 'mutation-13',
    attempts: 'script',
    description: 'noembed closed from inside an attribute',
    html: '<noembed><img title="</noembed><img src=x onerror=__PWN__>"></noembed>',
  },
  {
    id: 'mutation-14',
    attempts: 'script',
    description: 'noframes closed from inside an attribute',
    html: '<noframes><img title="</noframes><img src=x onerror=__PWN__>"></noframes>',
  },
  {
    id: 'mutation-15',
    attempts: 'script',
    description: 'iframe content is raw text, closed from inside an attribute',
    html: '<iframe><img title="</iframe><img src=x onerror=__PWN__>"></iframe>',
  },
  {
    id: 'mutation-16',
    attempts: 'script',
    description: 'title in body is RCDATA, closed from inside an attribute',
    html: '<title><img title="</title><img src=x onerror=__PWN__>"></title>',
  },
  {
    id: 'mutation-17',
    attempts: 'script',
    description: 'Style end tag inside a CSS string',
    html: '<style>p{color:red}</style><style>a{content:"</style><img src=x onerror=__PWN__>"}</style>',
  },
  {
    id: 'mutation-18',
    attempts: 'script',
    description: 'select that holds a style: legacy and customizable select parse it differently',
    html: '<select><style></select><img src=x onerror="__PWN__"></style></select>',
  },
  {
    id: 'mutation-19',
    attempts: 'script',
    description: 'Empty comment <!--> ends at once, so the image is live',
    html: '<!--><img src=x onerror="__PWN__">-->',
  },
  {
    id: 'mutation-20',
    attempts: 'script',
    description: 'Comment <!---> ends at once as well',
    html: '<!---><img src=x onerror="__PWN__">-->',
  },
  {
    id: 'mutation-21',
    attempts: 'script',
    description: 'Comment closed by --!>',
    html: '<!-- note --!><img src=x onerror="__PWN__">-->',
  },
  {
    id: 'mutation-22',
    attempts: 'script',
    description: 'CDATA outside foreign content is a bogus comment ending at the first >',
    html: '<div><![CDATA[</div><img src=x onerror="__PWN__">]]></div>',
  },
  {
    id: 'mutation-23',
    attempts: 'script',
    description: 'CDATA inside svg is text, serialized back as markup by a careless serializer',
    html: '<svg><![CDATA[><img src=x onerror="__PWN__">]]></svg>',
  },
  {
    id: 'mutation-24',
    attempts: 'script',
    description: 'Processing instruction is a bogus comment ending at the first >',
    html: '<?xml-stylesheet x="><img src=x onerror="__PWN__">"?>',
  },
  {
    id: 'mutation-25',
    attempts: 'script',
    description: 'Template content is inert until cloned into the document',
    html: '<template><img src=x onerror="__PWN__"></template>',
  },
  {
    id: 'mutation-26',
    attempts: 'script',
    description: 'Declarative shadow root, attached when the document is parsed',
    html: '<div><template shadowrootmode="open"><img src=x onerror="__PWN__"></template></div>',
  },
  {
    id: 'mutation-27',
    attempts: 'script',
    description: 'A form nested through a template, flattened when parsed again outside it',
    html: '<form><template><form><img src=x onerror="__PWN__"></form></template></form>',
  },
]);
