from django.views.generic import TemplateView


class HomeView(TemplateView):
    """Today: what is due now for a candidate, the linked candidates for a recruiter, a welcome for visitors."""

    def get_template_names(self):
        if not self.request.user.is_authenticated:
            return ["followups/welcome.html"]
        return ["followups/today.html"]
