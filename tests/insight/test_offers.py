"""Offer comparison: ratings, weights 0–10, a weighted score, ranking that follows the weights; bad input refused."""

import pytest

from insight import selectors as offers
from insight.models import Offer, OfferWeights
from tests.factories import OpportunityFactory

OFFERS = "/offers/"

WEIGHTS = {"salary": 5, "benefits": 5, "location": 5, "conditions": 5, "security": 5, "career_fit": 5, "interest": 5}


def _offer(owner, company, **ratings):
    opportunity = OpportunityFactory(company__owner=owner, company__name=company, status="offer")
    return Offer.objects.create(opportunity=opportunity, **ratings)


@pytest.mark.django_db
def test_weighted_score_is_the_weighted_mean_with_unrated_as_zero(owner):
    offer = Offer(salary_rating=10, interest=4)
    weights = OfferWeights(
        user=owner,
        **{
            **WEIGHTS,
            "salary": 3,
            "interest": 1,
            "benefits": 0,
            "location": 0,
            "conditions": 0,
            "security": 0,
            "career_fit": 1,
        },
    )
    assert offers.offer_score(offer=offer, weights=weights) == round((3 * 10 + 1 * 4 + 1 * 0) / 5, 1)
    assert offers.offer_score(offer=offer, weights=OfferWeights(user=owner, **dict.fromkeys(WEIGHTS, 0))) is None


@pytest.mark.django_db
def test_changing_a_weight_reorders_the_offers(owner, owner_client):
    _offer(owner, "Paysalot", salary=90_000, currency="EUR", salary_rating=10, interest=3)
    _offer(owner, "Lovely", salary=50_000, currency="EUR", salary_rating=4, interest=10)
    page = owner_client.get(OFFERS).content.decode()
    # Equal weights: (4 + 10) / 7 beats (10 + 3) / 7.
    assert page.index('data-company="Lovely"') < page.index('data-company="Paysalot"')

    owner_client.post(OFFERS, {**WEIGHTS, "salary": 10, "interest": 1})
    page = owner_client.get(OFFERS).content.decode()
    assert page.index('data-company="Paysalot"') < page.index('data-company="Lovely"')

    response = owner_client.post(OFFERS, {**WEIGHTS, "salary": 0, "interest": 10}, follow=True)
    page = response.content.decode()
    assert "ranked again" in page
    assert page.index('data-company="Lovely"') < page.index('data-company="Paysalot"')
    assert OfferWeights.objects.get(user=owner).interest == 10


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["11", "-1", "", "abc", "99999999999999999999"])
def test_weights_out_of_range_are_refused_next_to_the_field(owner, owner_client, bad):
    response = owner_client.post(OFFERS, {**WEIGHTS, "interest": bad, "salary": 7})
    assert response.status_code == 400
    page = response.content.decode()
    assert "invalid-feedback" in page
    assert 'value="7"' in page  # what was typed elsewhere is kept
    assert not OfferWeights.objects.filter(user=owner).exists()


@pytest.mark.django_db
def test_adding_an_offer_for_an_opportunity(owner, owner_client):
    opportunity = OpportunityFactory(company__owner=owner, company__name="Newco", status="offer")
    assert f"/offers/{opportunity.pk}/" in owner_client.get(OFFERS).content.decode()
    response = owner_client.post(
        f"/offers/{opportunity.pk}/",
        {"salary": "70000", "currency": "gbp", "career_fit": "8", "interest": "9", "benefits": "Pension"},
    )
    assert response.status_code == 302
    offer = Offer.objects.get(opportunity=opportunity)
    assert (offer.salary, offer.currency, offer.career_fit) == (70000, "GBP", 8)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"), [("career_fit", "11"), ("interest", "0"), ("currency", "EURO"), ("salary", "-5")]
)
def test_bad_offer_input_gets_a_message_and_saves_nothing(owner, owner_client, field, value):
    opportunity = OpportunityFactory(company__owner=owner, status="offer")
    data = {"salary": "70000", "currency": "EUR", "notes": "keep me", field: value}
    response = owner_client.post(f"/offers/{opportunity.pk}/", data)
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    assert "keep me" in response.content.decode()
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_another_candidates_opportunity_is_404(other_candidate, owner_client):
    opportunity = OpportunityFactory(company__owner=other_candidate, status="offer")
    assert owner_client.get(f"/offers/{opportunity.pk}/").status_code == 404
    assert owner_client.post(f"/offers/{opportunity.pk}/", {"currency": "EUR"}).status_code == 404
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_others_offers_are_not_listed(owner, other_candidate, owner_client):
    _offer(other_candidate, "Secretco", interest=9)
    assert "Secretco" not in owner_client.get(OFFERS).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 60])
def test_offers_page_queries_are_bounded(owner, owner_client, count, django_assert_max_num_queries):
    for n in range(count):
        _offer(owner, f"Co {n}", interest=n % 10 + 1)
    with django_assert_max_num_queries(9):
        assert owner_client.get(OFFERS).status_code == 200
