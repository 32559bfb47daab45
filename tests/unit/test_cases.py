"""Rules of cap_xblock.api.cases: drafts, the six steps, who writes what, "Utile", visibility, queries."""

import datetime
import threading
import time

import pytest
from django.db import OperationalError, connection

from cap_xblock.api import cases
from cap_xblock.errors import Conflict, InvalidInput, NotAllowed, NotFound
from cap_xblock.models import Case, CaseContribution, UsefulMark
from tests.utils import make_actor, two_communities

pytestmark = pytest.mark.django_db

# The block's setting letting a case's owner move its steps, switched on.
OWNER_ADVANCES = cases.CaseSettings(owner_can_advance=True)


@pytest.fixture
def cap():
    """A community « Les Baobabs » (facilitator f1, members owner, c1, c2) and another one (other, f2)."""
    return two_communities([("owner", "Awa Ndiaye"), ("c1", "Moussa Sow"), ("c2", "Fatou Sarr")])


def present(cap, title="Impliquer les élu·es locaux"):
    draft = cases.save_draft(cap["owner"], title=title, context="Une commune rurale du Sénégal.",
                             problem="Les élu·es ne viennent pas.",
                             tried="Des invitations écrites.")
    return cases.present_case(cap["owner"], case_id=draft.id)


def move_to(cap, case, step):
    detail = cases.get_case(cap["f1"], case_id=case.id)
    while detail.step < step:
        detail = cases.move_step(cap["f1"], case_id=case.id, from_step=detail.step, direction="next")
    return detail


def test_a_draft_is_seen_by_its_owner_only(cap):
    draft = cases.save_draft(cap["owner"], title="Brouillon", context="Contexte", problem="", tried="")
    assert draft.is_draft and draft.can_edit and not draft.can_write and not draft.can_move_next
    assert [item.id for item in cases.list_cases(cap["owner"]).cases.items] == [draft.id]
    for name in ("c1", "f1", "staff", "other"):
        assert cases.list_cases(cap[name], community_id=cap["community"] if name != "other" else None).cases.total == 0
        with pytest.raises(NotFound):
            cases.get_case(cap[name], case_id=draft.id)
        with pytest.raises(NotFound):
            cases.get_case_summary(cap[name], case_id=draft.id)


def test_presenting_needs_context_and_problem_and_happens_once(cap):
    draft = cases.save_draft(cap["owner"], title="Titre seul")
    with pytest.raises(InvalidInput) as error:
        cases.present_case(cap["owner"], case_id=draft.id)
    assert error.value.code == "incomplete"
    cases.save_draft(cap["owner"], title="Titre", context="Contexte", problem="Problème", case_id=draft.id,
                     base_version=draft.version)
    detail = cases.present_case(cap["owner"], case_id=draft.id)
    assert not detail.is_draft and detail.step == 1
    with pytest.raises(Conflict):
        cases.present_case(cap["owner"], case_id=draft.id)
    assert cases.get_case_summary(cap["c1"], case_id=draft.id).title == "Titre"


def test_only_members_present_cases_and_only_the_owner_edits(cap):
    for name in ("f1", "staff"):
        with pytest.raises(NotAllowed) as error:
            cases.save_draft(cap[name], title="Cas", community_id=cap["community"])
        assert error.value.code == "members_only"
    case = present(cap)
    with pytest.raises(NotAllowed) as error:
        cases.save_draft(cap["c1"], title="Volé", case_id=case.id)
    assert error.value.code == "owner_only"
    move_to(cap, case, 2)
    with pytest.raises(Conflict) as error:
        cases.save_draft(cap["owner"], title="Trop tard", case_id=case.id, base_version=case.version)
    assert error.value.code == "wrong_step"


def test_who_writes_what_in_each_step(cap):
    case = present(cap)
    owner, c1, f1 = cap["owner"], cap["c1"], cap["f1"]
    with pytest.raises(Conflict) as error:
        cases.contribute(c1, case_id=case.id, step=1, body="Trop tôt")
    assert error.value.code == "wrong_step"

    move_to(cap, case, 2)
    question_id, _detail = cases.contribute(c1, case_id=case.id, step=2, body="Qui invite les élu·es ?")
    cases.contribute(f1, case_id=case.id, step=2, body="Depuis quand ?")
    with pytest.raises(NotAllowed) as error:
        cases.contribute(owner, case_id=case.id, step=2, body="Je pose une question")
    assert error.value.code == "consultants_only"
    with pytest.raises(NotAllowed) as error:
        cases.contribute(c1, case_id=case.id, step=2, body="Je réponds", reply_to=question_id)
    assert error.value.code == "owner_only"
    _id, detail = cases.contribute(owner, case_id=case.id, step=2, body="Le maire lui-même.", reply_to=question_id)
    assert [item.kind for item in detail.contributions.items] == ["question", "question", "answer"]
    assert [item.answered for item in detail.contributions.items][:2] == [True, False]

    move_to(cap, case, 3)
    with pytest.raises(NotAllowed) as error:
        cases.contribute(c1, case_id=case.id, step=3, body="Mon contrat")
    assert error.value.code == "owner_only"
    cases.contribute(owner, case_id=case.id, step=3, body="Aidez-moi à trouver trois leviers.")

    move_to(cap, case, 4)
    with pytest.raises(NotAllowed) as error:
        cases.contribute(owner, case_id=case.id, step=4, body="Oui mais")
    assert error.value.code == "owner_listens"
    cases.contribute(cap["c2"], case_id=case.id, step=4, body="Passez par le chef de village.")

    move_to(cap, case, 5)
    with pytest.raises(NotAllowed):
        cases.contribute(c1, case_id=case.id, step=5, body="Ma synthèse")
    cases.contribute(owner, case_id=case.id, step=5, body="Je retiens deux pistes.")

    detail = move_to(cap, case, 6)
    for person in (owner, c1, f1):
        cases.contribute(person, case_id=case.id, step=6, body="J'apprends que…")
    kinds = list(CaseContribution.objects.filter(case_id=case.id).values_list("kind", flat=True))
    assert kinds.count("learning") == 3 and kinds.count("suggestion") == 1
    with pytest.raises(Conflict):
        cases.move_step(f1, case_id=case.id, from_step=6, direction="next")
    assert detail.can_move_back and not detail.can_move_next


def test_a_stale_step_is_refused(cap):
    case = present(cap)
    move_to(cap, case, 2)
    with pytest.raises(Conflict) as error:
        cases.contribute(cap["c1"], case_id=case.id, step=1, body="Question")
    assert error.value.code == "wrong_step"
    with pytest.raises(Conflict):
        cases.move_step(cap["f1"], case_id=case.id, from_step=1, direction="next")  # someone else already moved it
    assert Case.objects.get(id=case.id).step == 2


def test_facilitator_moves_steps_owner_only_when_allowed(cap):
    case = present(cap)
    for name in ("owner", "c1"):
        with pytest.raises(NotAllowed) as error:
            cases.move_step(cap[name], case_id=case.id, from_step=1, direction="next")
        assert error.value.code == "facilitator_only"
    assert cases.move_step(cap["owner"], case_id=case.id, from_step=1, direction="next",
                           settings=OWNER_ADVANCES).step == 2
    with pytest.raises(NotAllowed):
        cases.move_step(cap["c1"], case_id=case.id, from_step=2, direction="next", settings=OWNER_ADVANCES)
    assert cases.move_step(cap["f1"], case_id=case.id, from_step=2, direction="back").step == 1
    assert cases.move_step(cap["staff"], case_id=case.id, from_step=1, direction="next").step == 2
    with pytest.raises(InvalidInput):
        cases.move_step(cap["f1"], case_id=case.id, from_step=2, direction="sideways")


def test_another_community_sees_nothing(cap):
    case = present(cap)
    move_to(cap, case, 2)
    question_id, _detail = cases.contribute(cap["c1"], case_id=case.id, step=2, body="Question ?")
    for name in ("other", "f2"):
        actor = cap[name]
        for call in (lambda a=actor: cases.get_case(a, case_id=case.id),
                     lambda a=actor: cases.get_case_summary(a, case_id=case.id),
                     lambda a=actor: cases.contribute(a, case_id=case.id, step=2, body="Intrus"),
                     lambda a=actor: cases.move_step(a, case_id=case.id, from_step=2, direction="next"),
                     lambda a=actor: cases.set_deadline(a, case_id=case.id, step=2, due_on="2030-01-01"),
                     lambda a=actor: cases.mark_useful(a, contribution_id=question_id),
                     lambda a=actor: cases.list_cases(a, community_id=cap["community"])):
            with pytest.raises(NotFound):
                call()
    # Another block of the same course does not show the case either.
    elsewhere = make_actor("c1", name="Moussa Sow", block="block-2")
    with pytest.raises(NotFound):
        cases.get_case(elsewhere, case_id=case.id)
    assert cases.list_cases(elsewhere).cases.total == 0


def test_staff_see_and_facilitate_every_community(cap):
    case = present(cap)
    listed = cases.list_cases(cap["staff"], community_id=cap["community"])
    assert listed.can_facilitate and [c[1] for c in listed.communities] == ["Les Baobabs", "Les Palétuviers"]
    assert cases.get_case(cap["staff"], case_id=case.id).can_set_dates


def test_who_has_not_presented_yet(cap):
    cases.save_draft(cap["c1"], title="Brouillon de c1")  # a draft does not count
    present(cap)
    names = [person.display_name for person in cases.list_cases(cap["f1"]).not_presented]
    assert names == ["Fatou Sarr", "Moussa Sow"]


def test_due_dates_and_what_is_late(cap):
    case = present(cap)
    move_to(cap, case, 2)
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    with pytest.raises(NotAllowed):
        cases.set_deadline(cap["owner"], case_id=case.id, step=2, due_on=yesterday)
    for bad in ("31/12/2026", "2026-02-30", "1800-01-01", 12):
        with pytest.raises(InvalidInput):
            cases.set_deadline(cap["f1"], case_id=case.id, step=2, due_on=bad)
    detail = cases.set_deadline(cap["f1"], case_id=case.id, step=2, due_on=yesterday)
    assert detail.deadlines == {2: yesterday} and detail.late
    consultant = cases.get_case(cap["c1"], case_id=case.id)
    assert consultant.late and consultant.late_for_me
    cases.contribute(cap["c1"], case_id=case.id, step=2, body="Ma question")
    assert not cases.get_case(cap["c1"], case_id=case.id).late_for_me
    owner_item = cases.list_cases(cap["owner"]).cases.items[0]
    assert owner_item.late and owner_item.late_for_me  # a question waits for the owner's answer
    assert cases.set_deadline(cap["f1"], case_id=case.id, step=2, due_on="").deadlines == {}


def test_useful_marks_one_per_person(cap):
    case = present(cap)
    move_to(cap, case, 2)
    question_id, _detail = cases.contribute(cap["c1"], case_id=case.id, step=2, body="Question ?")
    with pytest.raises(NotAllowed) as error:
        cases.mark_useful(cap["c1"], contribution_id=question_id)
    assert error.value.code == "own_contribution"
    assert cases.mark_useful(cap["owner"], contribution_id=question_id) == (1, True)
    assert cases.mark_useful(cap["owner"], contribution_id=question_id) == (1, True)
    assert cases.mark_useful(cap["c2"], contribution_id=question_id) == (2, True)
    assert cases.mark_useful(cap["c2"], contribution_id=question_id, useful=False) == (1, False)
    with pytest.raises(NotFound):
        cases.mark_useful(cap["c2"], contribution_id=99999)
    with pytest.raises(InvalidInput):
        cases.mark_useful(cap["c2"], contribution_id=question_id, useful="peut-être")


@pytest.mark.django_db(transaction=True)
def test_useful_counts_are_exact_under_concurrent_clicks(cap):
    case = present(cap)
    move_to(cap, case, 2)
    question_id, _detail = cases.contribute(cap["c1"], case_id=case.id, step=2, body="Question ?")
    clickers = [cap["owner"], cap["c2"], cap["f1"]] * 3
    errors = []

    start = threading.Barrier(len(clickers))

    def click(actor):
        start.wait()
        try:
            for _attempt in range(100):
                try:
                    cases.mark_useful(actor, contribution_id=question_id)
                    return
                except OperationalError as error:
                    # SQLite's shared in-memory test database refuses (rather than waits) while
                    # another connection writes; MariaDB waits on the row lock instead.
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.01)
            errors.append("still locked")
        except Exception as error:  # pylint: disable=broad-except
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(actor,)) for actor in clickers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert UsefulMark.objects.filter(contribution_id=question_id).count() == 3


def test_inputs_are_validated(cap):
    for bad in ({"t": 1}, "", "x" * 201):
        with pytest.raises(InvalidInput):
            cases.save_draft(cap["owner"], title=bad)
    with pytest.raises(InvalidInput):
        cases.save_draft(cap["owner"], title="Titre", confidentiality="public")
    case = present(cap)
    move_to(cap, case, 2)
    for body in ("", "x" * 5001, ["liste"]):
        with pytest.raises(InvalidInput):
            cases.contribute(cap["c1"], case_id=case.id, step=2, body=body)
    for case_id in ("abc", -1, None):
        with pytest.raises((InvalidInput, NotFound)):
            cases.get_case(cap["c1"], case_id=case_id)
    with pytest.raises(NotFound):
        cases.contribute(cap["owner"], case_id=case.id, step=2, body="Réponse", reply_to=99999)


def test_owner_deletes_a_draft_but_not_a_presented_case(cap):
    draft = cases.save_draft(cap["owner"], title="À jeter")
    cases.delete_draft(cap["owner"], case_id=draft.id)
    assert not Case.objects.filter(id=draft.id).exists()
    case = present(cap)
    with pytest.raises(Conflict):
        cases.delete_draft(cap["owner"], case_id=case.id)


def _fill(cap, count):
    """``count`` presented cases, each at step 2 with questions and useful marks."""
    members = ["owner", "c1", "c2"]
    for index in range(count):
        owner = cap[members[index % 3]]
        draft = cases.save_draft(owner, title=f"Cas {index}", context="Contexte", problem="Problème")
        cases.present_case(owner, case_id=draft.id)
        cases.move_step(cap["f1"], case_id=draft.id, from_step=1, direction="next")
        asker = cap[members[(index + 1) % 3]]
        for number in range(count):
            contribution_id, _detail = cases.contribute(asker, case_id=draft.id, step=2, body=f"Question {number}")
            cases.mark_useful(owner, contribution_id=contribution_id)
    return draft.id


@pytest.mark.parametrize("name", ["owner", "f1", "staff"])
def test_list_and_detail_queries_do_not_grow(cap, django_assert_num_queries, name):
    counts = []
    for size in (2, 8):
        last = _fill(cap, size)
        actor = cap[name]
        cases.list_cases(actor, community_id=cap["community"])
        cases.get_case(actor, case_id=last)
        from django.test.utils import CaptureQueriesContext  # pylint: disable=import-outside-toplevel

        with CaptureQueriesContext(connection) as listing:
            cases.list_cases(actor, community_id=cap["community"])
        with CaptureQueriesContext(connection) as detail:
            cases.get_case(actor, case_id=last)
        counts.append((len(listing), len(detail)))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[1][0]):
        cases.list_cases(cap[name], community_id=cap["community"])


def test_retirement_scrubs_the_owner_and_keeps_the_content(cap):
    from cap_xblock import retirement  # pylint: disable=import-outside-toplevel

    case = present(cap)
    draft = cases.save_draft(cap["owner"], title="Brouillon personnel")
    move_to(cap, case, 2)
    question_id, _detail = cases.contribute(cap["c1"], case_id=case.id, step=2, body="Qui décide ?")
    cases.contribute(cap["owner"], case_id=case.id, step=2, body="Le conseil municipal.", reply_to=question_id)
    cases.mark_useful(cap["owner"], contribution_id=question_id)

    retirement.retire_user("owner")

    assert not Case.objects.filter(id=draft.id).exists()
    assert not Case.objects.filter(owner_id="owner").exists()
    assert not CaseContribution.objects.filter(author_id="owner").exists()
    assert not UsefulMark.objects.filter(user_id="owner").exists()
    detail = cases.get_case(cap["c1"], case_id=case.id)
    assert detail.title == "Impliquer les élu·es locaux" and detail.owner.user_id == ""
    assert detail.owner.display_name == "Ancien·ne membre"
    question, answer = detail.contributions.items
    assert answer.body == "Le conseil municipal." and answer.author.user_id == ""
    assert question.useful == 1 and question.author.display_name == "Moussa Sow"
    assert "Awa Ndiaye" not in str(cases.list_cases(cap["c1"]))


def test_an_older_copy_of_a_case_is_refused_with_the_current_text(cap):
    draft = cases.save_draft(cap["owner"], title="Titre", context="Contexte")
    assert draft.version == 1
    newer = cases.save_draft(cap["owner"], title="Titre", context="Contexte précisé", case_id=draft.id, base_version=1)
    assert newer.version == 2
    with pytest.raises(Conflict) as error:  # the tab still showing version 1
        cases.save_draft(cap["owner"], title="Titre", context="Ancien contexte", case_id=draft.id, base_version=1)
    assert error.value.code == "stale_version"
    assert error.value.details["version"] == 2 and error.value.details["context"] == "Contexte précisé"
    assert cases.get_case(cap["owner"], case_id=draft.id).context == "Contexte précisé"
    # Having seen both, the owner saves on the current version.
    kept = cases.save_draft(cap["owner"], title="Titre", context="Les deux", case_id=draft.id, base_version=2)
    assert (kept.version, kept.context) == (3, "Les deux")
    # A save that changes nothing keeps the version.
    assert cases.save_draft(cap["owner"], title="Titre", context="Les deux", case_id=draft.id,
                            base_version=3).version == 3


def test_a_change_without_its_version_is_refused(cap):
    draft = cases.save_draft(cap["owner"], title="Titre")
    for version in (None, "", "x", 0):
        with pytest.raises(InvalidInput):
            cases.save_draft(cap["owner"], title="Autre", case_id=draft.id, base_version=version)
    assert cases.get_case(cap["owner"], case_id=draft.id).title == "Titre"
