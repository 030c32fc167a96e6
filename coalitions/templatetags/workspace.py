from django import template

from coalitions.navigation import workspace_navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def workspace_nav(context, coalition):
    """`{% workspace_nav coalition as nav %}`: the workspace's navigation for this page."""
    request = context["request"]
    return workspace_navigation(request.user, coalition, request.path)
