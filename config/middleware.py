from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Adds the site's Content-Security-Policy (own scripts and styles only) to every response.

    Django 5.2 has no CSP support of its own (it arrives in 6.0), and the policy is one constant header,
    so a third-party package would add more than it saves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
