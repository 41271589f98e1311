import pytest


@pytest.fixture
def new_page(browser):
    """Opens pages in separate browser contexts (separate cookies: two people at once); closes them all after."""
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
