from django.views.generic import TemplateView

from interviews.selectors import capture_overview


class HomeView(TemplateView):
    """Today: what is due now for a candidate, the linked candidates for a recruiter, a welcome for visitors."""

    def get_template_names(self):
        if not self.request.user.is_authenticated:
            return ["followups/welcome.html"]
        return ["followups/today.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.is_authenticated and not user.is_recruiter:
            context.update(capture_overview(user=user))
        return context
