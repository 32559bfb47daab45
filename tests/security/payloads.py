"""Hostile texts for the XSS tests: each would run script if it reached the page as markup.

Every payload that could run sets ``window.__xss`` or opens a dialog (``alert``), which the
browser tests look for. All fit in a community name (100 characters) and are distinct
ignoring case, so they can also name communities.
"""

XSS_PAYLOADS = [
    # Script tags
    "<script>window.__xss=1</script>",
    "<script>alert(1)</script>",
    "<ScRiPt>window.__xss=2</sCrIpT>",
    "<scr<script>ipt>window.__xss=3</script>",
    "<script src=data:text/javascript,window.__xss=4></script>",
    "</script><script>window.__xss=5</script>",
    "</textarea><script>window.__xss=6</script>",
    "</title><script>window.__xss=7</script>",
    "\"><script>window.__xss=8</script>",
    "'><script>window.__xss=9</script>",
    # Event handlers
    "<img src=x onerror=\"window.__xss=10\">",
    "<img src=x onerror=alert(11)>",
    "<img/src=x/onerror=window.__xss=12>",
    "<IMG SRC=x oNeRrOr=window.__xss=13>",
    "<body onload=\"window.__xss=14\">",
    "<details open ontoggle=\"window.__xss=15\">",
    "<input autofocus onfocus=\"window.__xss=16\">",
    "<video><source onerror=\"window.__xss=17\"></video>",
    "<audio src=x onerror=\"window.__xss=18\">",
    "<marquee onstart=\"window.__xss=19\">défile</marquee>",
    "<div onpointerenter=window.__xss=20 style=position:fixed;inset:0>",
    "<x onmouseover=window.__xss=21>survol</x>",
    "<a href=# onclick=window.__xss=22>clic</a>",
    "<p title=\"</p><img src=x onerror=window.__xss=23>\">",
    # javascript: and data: links
    "<a href=\"javascript:window.__xss=24\">lien</a>",
    "[lien](javascript:window.__xss=25)",
    "<a href=\"&#106;avascript:window.__xss=26\">lien</a>",
    "<a href=\"jav&#x09;ascript:window.__xss=27\">lien</a>",
    "javascript:window.__xss=28",
    "<iframe src=\"javascript:parent.__xss=29\"></iframe>",
    "<iframe srcdoc=\"<script>parent.__xss=30</script>\"></iframe>",
    "<object data=\"javascript:window.__xss=31\"></object>",
    "<embed src=\"javascript:window.__xss=32\">",
    "<form><button formaction=\"javascript:window.__xss=33\">envoyer</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__xss=34\">",
    "<base href=\"javascript:window.__xss=35//\">",
    "[x](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MzY8L3NjcmlwdD4=)",
    # SVG and MathML
    "<svg onload=\"window.__xss=37\">",
    "<svg/onload=window.__xss=38>",
    "<svg><script>window.__xss=39</script></svg>",
    "<svg><animate onbegin=\"window.__xss=40\" attributeName=x dur=1s>",
    "<svg><a xlink:href=\"javascript:window.__xss=41\"><text y=20>x</text></a></svg>",
    "<math><mtext><img src=x onerror=window.__xss=42></mtext></math>",
    # Broken markup and parser confusion
    "<img src=x onerror=window.__xss=43 <",
    "<<img src=x onerror=window.__xss=44>>",
    "<img src=x onerror=\"window.__xss=45\"",
    "<!--<img src=\"--><img src=x onerror=window.__xss=46//\">",
    "<![CDATA[<script>window.__xss=47</script>]]>",
    "<noscript><p title=\"</noscript><img src=x onerror=window.__xss=48>\">",
    "<select><style></select><img src=x onerror=window.__xss=49>",
    "<template><img src=x onerror=window.__xss=50></template>",
    "</div></section><img src=x onerror=window.__xss=51>",
    "<style>*{background:url(javascript:window.__xss=52)}</style>",
    # Injection into scripts and templates
    "';window.__xss=53;//",
    "\";window.__xss=54;//",
    "`;window.__xss=55;//${window.__xss=55}",
    "{{constructor.constructor('window.__xss=56')()}}",
    "{% now 'Y' %}{{ block.display_name }}57",
    "&lt;script&gt;window.__xss=58&lt;/script&gt;",
    "&#60;img src=x onerror=window.__xss=59&#62;",
    "\\u003cscript\\u003ewindow.__xss=60\\u003c/script\\u003e",
    # Unicode tricks
    "＜script＞window.__xss=61＜/script＞",
    "\u202e<script>window.__xss=62</script>",
    "\u200b<img src=x onerror=window.__xss=63>\u200b",
    "😀<svg onload=window.__xss=64>🌍",
    "e\u0301<img src=x onerror=window.__xss=65>",
    "<scr\u0131pt>window.__xss=66</scr\u0131pt>",
    "Les Baobabs <b>gras</b> & \"guillemets\" l'apostrophe 67",
]
