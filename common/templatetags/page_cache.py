"""`{% cachedfragment fragment %}…{% endcachedfragment %}`: the block's HTML from the page
cache on a hit, else rendered and stored (common/page_cache.py). With `fragment` None the block
is rendered as usual, so a template shared by a cached and an uncached page needs no copy."""

from django import template

from common import page_cache

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, fragment):
        self.nodelist = nodelist
        self.fragment = fragment

    def render(self, context):
        fragment = self.fragment.resolve(context)
        if fragment is None:
            return self.nodelist.render(context)
        if fragment.hit:
            return fragment.html
        html = self.nodelist.render(context)
        page_cache.store(fragment, html)
        return html


@register.tag
def cachedfragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% cachedfragment fragment %} takes one argument.")
    nodelist = parser.parse(("endcachedfragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, parser.compile_filter(bits[1]))
