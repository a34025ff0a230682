from tests.factories import PageFactory

from .models import TestPage


class TestPageFactory(PageFactory):
    class Meta:
        model = TestPage

    body = "[]"


# Not a test class, despite its name (pytest collects classes named Test*).
TestPageFactory.__test__ = False
