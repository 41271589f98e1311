from celery import shared_task

from .services import links_expire


@shared_task(name="accounts.tasks.expire_links", ignore_result=True)
def expire_links() -> int:
    """Run by beat every few minutes: ends the links whose expiry passed and tells each recruiter once. Access ended
    at the expiry already (accounts.selectors.links_granting); this only closes the row and sends the email."""
    return links_expire()
