from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "followups"

    def ready(self):
        from interviews.signals import interview_changed, opportunity_status_changed

        from . import receivers

        # One receiver for both: each change of capture reaches follow-up through follow_up_sync, once per interview.
        interview_changed.connect(receivers.on_capture_changed, dispatch_uid="followups.interview_changed")
        opportunity_status_changed.connect(
            receivers.on_capture_changed, dispatch_uid="followups.opportunity_status_changed"
        )
