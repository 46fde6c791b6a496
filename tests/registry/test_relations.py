from datetime import date

import pytest

from registry.choices import MarriageEnd, RelationKind
from registry.demo import sign_in_personas
from registry.services import (
    Access,
    get_household,
    get_legal_cohabitation,
    may_act_for,
    persons_one_may_act_for,
)
from tests.factories.registry import MarriageFactory, ParentageFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_self_is_a_relation():
    person = PersonFactory()
    relation = may_act_for(person.national_number, person.national_number)
    assert relation.kind == RelationKind.SELF


def test_parent_may_act_for_minor_child_but_not_adult_child():
    parent = PersonFactory(age=45)
    minor = ParentageFactory(parent=parent, child__age=10).child
    adult = ParentageFactory(parent=parent, child__age=20).child
    stranger = PersonFactory()

    assert may_act_for(parent.national_number, minor.national_number).kind == RelationKind.PARENT_OF_MINOR
    assert may_act_for(parent.national_number, adult.national_number) is None
    assert may_act_for(stranger.national_number, minor.national_number) is None
    assert may_act_for(minor.national_number, parent.national_number) is None
    kinds = [(r.kind, r.subject_number) for r in persons_one_may_act_for(parent.national_number)]
    assert kinds == [
        (RelationKind.SELF, parent.national_number),
        (RelationKind.PARENT_OF_MINOR, minor.national_number),
    ]


def test_heir_may_act_for_deceased_parent():
    father = PersonFactory(age=80, deceased=True)
    son = ParentageFactory(parent=father, child__age=50).child
    assert may_act_for(son.national_number, father.national_number).kind == RelationKind.HEIR_CHILD
    assert RelationKind.HEIR_CHILD in [r.kind for r in persons_one_may_act_for(son.national_number)]


def test_surviving_spouse_is_heir_but_divorced_spouse_is_not():
    deceased = PersonFactory(age=80, deceased=True)
    widow = PersonFactory(age=78)
    MarriageFactory(
        spouse_a=deceased, spouse_b=widow, ended_on=deceased.death_date, end_reason=MarriageEnd.DEATH
    )
    ex = PersonFactory(age=75)
    MarriageFactory(spouse_a=deceased, spouse_b=ex, divorced=True)

    assert may_act_for(widow.national_number, deceased.national_number).kind == RelationKind.HEIR_SPOUSE
    assert may_act_for(ex.national_number, deceased.national_number) is None


def test_nobody_acts_for_a_living_adult_or_an_unknown_person():
    parent = PersonFactory(age=70)
    adult = ParentageFactory(parent=parent, child__age=40).child
    assert may_act_for(adult.national_number, parent.national_number) is None
    assert may_act_for(parent.national_number, "00000000097") is None


def _persona(word):
    return next(p for p in sign_in_personas() if word in p["description"])


def test_demo_heirs_and_parents_find_whom_they_may_act_for(demo_registry):
    heir = _persona("overleden vader")["national_number"]
    assert [r.kind for r in persons_one_may_act_for(heir)][:1] == [RelationKind.SELF]
    assert RelationKind.HEIR_CHILD in [r.kind for r in persons_one_may_act_for(heir)]
    widow = _persona("weduwe")["national_number"]
    assert RelationKind.HEIR_SPOUSE in [r.kind for r in persons_one_may_act_for(widow)]
    parent = _persona("twee minderjarige kinderen")["national_number"]
    children = [r for r in persons_one_may_act_for(parent) if r.kind == RelationKind.PARENT_OF_MINOR]
    assert len(children) == 2 and all(c.subject.age_on(date.today()) < 18 for c in children)
    divorced = _persona("gescheiden")["national_number"]
    son = next(r for r in persons_one_may_act_for(divorced) if r.kind == RelationKind.PARENT_OF_MINOR)
    # The son lives with his mother, not in his father's household.
    household = get_household(divorced, access=Access.system("test"))
    assert son.subject_number not in [m.person.national_number for m in household.members]


def test_demo_cohabitant_has_a_declared_partner(demo_registry):
    lotte = _persona("wettelijk samenwonend")["national_number"]
    cohabitation = get_legal_cohabitation(lotte, access=Access.system("test"))
    assert cohabitation is not None and cohabitation.ended_on is None
    assert cohabitation.partner.national_number != lotte
