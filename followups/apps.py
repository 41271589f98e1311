from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "followups"

    def ready(self):
        from interviews.signals import interview_changed, opportunity_status_changed

        from . import receivers

        interview_changed.connect(receivers.on_interview_changed, dispatch_uid="followups.interview_changed")
        opportunity_status_changed.connect(
            receivers.on_opportunity_status_changed, dispatch_uid="followups.opportunity_status_changed"
        )
