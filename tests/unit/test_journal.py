"""The reflective journal: private by default, shared on purpose, with its history and feedback."""

from datetime import timedelta

import pytest

from cap_xblock import retirement
from cap_xblock.api import communities, journal, journal_export
from cap_xblock.errors import Conflict, InvalidInput, NotAllowed, NotFound
from cap_xblock.models import JournalEntry, JournalFeedback, JournalVersion
from tests.utils import make_actor, staff_actor

pytestmark = pytest.mark.django_db

GIBBS = ["Description : que s'est-il passé ?", "Ressentis : qu'avez-vous ressenti ?"]


@pytest.fixture
def cap():
    """Two communities: « Les Baobabs » (awa, binta; led by fatou) and « Les Érables » (chloe; led by marc)."""
    staff = staff_actor()
    people = {name: make_actor(name, name=name.capitalize()) for name in ("awa", "binta", "chloe", "fatou", "marc")}
    baobabs = communities.create_community(staff, name="Les Baobabs")
    erables = communities.create_community(staff, name="Les Érables")
    for name, community in (("awa", baobabs), ("binta", baobabs), ("chloe", erables)):
        communities.place_learner(staff, user_id=name, community_id=community.id)
    communities.add_facilitator(staff, community_id=baobabs.id, user_id="fatou")
    communities.add_facilitator(staff, community_id=erables.id, user_id="marc")
    people["staff"] = staff
    people["baobabs"], people["erables"] = baobabs, erables
    return people


def write(actor, text="Réunion avec le comité villageois de Kolda.", **extra):
    return journal.save_entry(actor, title=extra.pop("title", "Kolda"),
                              answers=[{"prompt": GIBBS[0], "text": text}], **extra)


def test_default_prompts_are_the_six_of_the_reflective_cycle_in_the_readers_language():
    assert len(journal.prompts_for([])) == 6
    assert journal.prompts_for(None)[0] == "Description : que s'est-il passé ?"
    assert journal.prompts_for(["Quoi ?", " ", "Pourquoi ?"]) == ["Quoi ?", "Pourquoi ?"]


def test_an_entry_is_written_and_saved_with_optimistic_concurrency(cap):
    entry = write(cap["awa"])
    assert entry.version == 1 and entry.is_author and entry.shared is False
    saved = journal.save_entry(cap["awa"], entry_id=entry.id, title="Kolda",
                               answers=[{"prompt": GIBBS[0], "text": "Autre chose"}],
                               free_text="Libre", base_version=1)
    assert saved.version == 2 and saved.free_text == "Libre"
    with pytest.raises(Conflict) as stale:
        journal.save_entry(cap["awa"], entry_id=entry.id, title="Kolda", answers=[],
                           free_text="Version d'un autre onglet", base_version=1)
    assert stale.value.code == "stale_version" and stale.value.details == {"version": 2}
    assert JournalEntry.objects.get().free_text == "Libre"


@pytest.mark.parametrize("answers, free_text, code", [
    ([], "", "empty_entry"),
    ("texte", "x", "invalid_answers"),
    ([{"prompt": "a", "text": "b"}] * 13, "", "invalid_answers"),
    (["pas un objet"], "", "invalid_answers"),
    ([{"prompt": "a", "text": 5}], "", "invalid_input"),
    ([], "x" * 50001, "too_long"),
])
def test_invalid_content_is_refused(cap, answers, free_text, code):
    with pytest.raises(InvalidInput) as refused:
        journal.save_entry(cap["awa"], title="", answers=answers, free_text=free_text)
    assert refused.value.code == code
    assert not JournalEntry.objects.exists()


def test_autosaves_make_one_version_until_an_explicit_save_or_the_window_closes(cap):
    awa = cap["awa"]
    entry = write(awa, "a")
    for number, text in enumerate(["ab", "abc", "abcd"], start=2):
        entry = write(awa, text, entry_id=entry.id, base_version=entry.version)
    assert entry.version == 4
    assert JournalVersion.objects.count() == 1
    entry = write(awa, "abcde", entry_id=entry.id, base_version=entry.version, checkpoint=True)
    assert JournalVersion.objects.count() == 1 and JournalVersion.objects.get().closed
    entry = write(awa, "abcdef", entry_id=entry.id, base_version=entry.version)
    assert JournalVersion.objects.count() == 2
    JournalVersion.objects.filter(number=2).update(started_at=JournalVersion.objects.get(number=2).started_at
                                                   - journal.VERSION_WINDOW - timedelta(seconds=1))
    entry = write(awa, "abcdefg", entry_id=entry.id, base_version=entry.version)
    history = journal.list_versions(awa, entry_id=entry.id)
    assert [v.number for v in history.items] == [3, 2, 1]
    assert journal.get_version(awa, entry_id=entry.id, number=1)["answers"][0]["text"] == "abcde"
    assert journal.get_version(awa, entry_id=entry.id, number=2)["answers"][0]["text"] == "abcdef"
    # Saving the same content again changes nothing.
    same = write(awa, "abcdefg", entry_id=entry.id, base_version=entry.version)
    assert same.version == entry.version and JournalVersion.objects.count() == 3
    with pytest.raises(NotFound):
        journal.get_version(awa, entry_id=entry.id, number=99)


def test_nobody_else_reads_a_private_entry(cap):
    entry = write(cap["awa"])
    for name in ("binta", "fatou", "marc", "chloe", "staff"):
        with pytest.raises(NotFound):
            journal.get_entry(cap[name], entry_id=entry.id)
        with pytest.raises(NotFound):
            journal.list_versions(cap[name], entry_id=entry.id)
        with pytest.raises(NotFound):
            journal.save_entry(cap[name], entry_id=entry.id, title="x", answers=[], free_text="piraté", base_version=1)
        with pytest.raises(NotFound):
            journal.share_entry(cap[name], entry_id=entry.id)
    assert journal.get_entry(cap["awa"], entry_id=entry.id).title == "Kolda"


def test_a_shared_entry_is_read_by_the_facilitators_of_the_authors_community_only(cap):
    entry = write(cap["awa"])
    shared = journal.share_entry(cap["awa"], entry_id=entry.id)
    assert shared.shared
    detail = journal.get_entry(cap["fatou"], entry_id=entry.id)
    assert detail.is_author is False and detail.author == "Awa"
    for name in ("binta", "marc", "chloe", "staff"):
        with pytest.raises(NotFound):
            journal.get_entry(cap[name], entry_id=entry.id)
        with pytest.raises(NotFound):
            journal.give_feedback(cap[name], entry_id=entry.id, text="Bravo")
    # Facilitators cannot see the history nor change the entry.
    with pytest.raises(NotFound):
        journal.list_versions(cap["fatou"], entry_id=entry.id)
    with pytest.raises(NotFound):
        journal.withdraw_entry(cap["fatou"], entry_id=entry.id)
    journal.withdraw_entry(cap["awa"], entry_id=entry.id)
    with pytest.raises(NotFound):
        journal.get_entry(cap["fatou"], entry_id=entry.id)


def test_sharing_follows_the_authors_community_at_the_time_of_reading(cap):
    entry = write(cap["awa"])
    journal.share_entry(cap["awa"], entry_id=entry.id)
    communities.place_learner(cap["staff"], user_id="awa", community_id=cap["erables"].id)
    with pytest.raises(NotFound):
        journal.get_entry(cap["fatou"], entry_id=entry.id)
    assert journal.get_entry(cap["marc"], entry_id=entry.id).id == entry.id


def test_staff_who_facilitate_read_only_what_their_communities_share(cap):
    staff = cap["staff"]
    communities.add_facilitator(staff, community_id=cap["erables"].id, user_id="staff")
    entry = write(cap["awa"])
    journal.share_entry(cap["awa"], entry_id=entry.id)
    with pytest.raises(NotFound):
        journal.get_entry(staff, entry_id=entry.id)


def test_a_facilitators_own_journal_is_a_private_practice_journal(cap):
    entry = write(cap["fatou"])
    with pytest.raises(NotAllowed) as refused:
        journal.share_entry(cap["fatou"], entry_id=entry.id)
    assert refused.value.code == "facilitator_journal_private"
    assert not JournalEntry.objects.get(id=entry.id).shared_at


def test_sharing_needs_a_community_with_a_facilitator(cap):
    alone = make_actor("solo")
    entry = write(alone)
    with pytest.raises(Conflict) as refused:
        journal.share_entry(alone, entry_id=entry.id)
    assert refused.value.code == "no_community"
    communities.remove_facilitator(cap["staff"], community_id=cap["baobabs"].id, user_id="fatou")
    entry = write(cap["awa"])
    with pytest.raises(Conflict) as refused:
        journal.share_entry(cap["awa"], entry_id=entry.id)
    assert refused.value.code == "no_facilitator"


def test_feedback_is_for_the_author_and_stays_after_withdrawal(cap):
    entry = write(cap["awa"])
    journal.share_entry(cap["awa"], entry_id=entry.id)
    with pytest.raises(NotFound):
        journal.give_feedback(cap["awa"], entry_id=entry.id, text="Je me réponds")
    with pytest.raises(InvalidInput):
        journal.give_feedback(cap["fatou"], entry_id=entry.id, text="  ")
    feedback = journal.give_feedback(cap["fatou"], entry_id=entry.id, text="Belle analyse du rôle du chef de village.")
    assert feedback.author == "Fatou"
    journal.withdraw_entry(cap["awa"], entry_id=entry.id)
    seen = journal.get_entry(cap["awa"], entry_id=entry.id)
    assert [f.text for f in seen.feedback] == ["Belle analyse du rôle du chef de village."]
    with pytest.raises(NotFound):
        journal.give_feedback(cap["fatou"], entry_id=entry.id, text="Encore")


def test_lists_are_per_block_or_per_course_and_shared_newest_first(cap):
    awa = cap["awa"]
    other_block = make_actor("awa", name="Awa", block="block-2")
    first = write(awa, title="Premier")
    second = write(other_block, title="Second")
    assert [e.title for e in journal.list_entries(awa, scope="block").items] == ["Premier"]
    course = journal.list_entries(awa, scope="course")
    assert [(e.title, e.this_block) for e in course.items] == [("Second", False), ("Premier", True)]
    assert journal.list_entries(cap["binta"], scope="course").total == 0
    with pytest.raises(InvalidInput):
        journal.list_entries(awa, scope="everything")
    journal.share_entry(awa, entry_id=second.id)
    journal.share_entry(awa, entry_id=first.id)
    binta_entry = write(cap["binta"], title="De Binta")
    journal.share_entry(cap["binta"], entry_id=binta_entry.id)
    write(cap["chloe"], title="Pas partagé")
    shared = journal.list_shared(cap["fatou"])
    assert [(e.title, e.author, e.community) for e in shared.items] == [
        ("De Binta", "Binta", "Les Baobabs"), ("Premier", "Awa", "Les Baobabs"), ("Second", "Awa", "Les Baobabs")]
    assert journal.list_shared(cap["marc"]).total == 0
    for name in ("staff", "awa"):
        with pytest.raises(NotAllowed) as refused:
            journal.list_shared(cap[name])
        assert refused.value.code == "facilitators_only"


def test_staff_see_counts_and_never_text(cap):
    entry = write(cap["awa"])
    write(cap["binta"])
    journal.share_entry(cap["awa"], entry_id=entry.id)
    journal.give_feedback(cap["fatou"], entry_id=entry.id, text="Merci")
    counts = journal.journal_counts(cap["staff"])
    assert counts == journal.JournalCounts(entries=2, authors=2, shared=1, feedback=1)
    with pytest.raises(NotAllowed):
        journal.journal_counts(cap["fatou"])


def _entries(actor, count):
    for number in range(count):
        entry = write(actor, f"Texte {number}", title=f"Entrée {number}")
        journal.share_entry(actor, entry_id=entry.id)
        journal.give_feedback(make_actor("fatou", name="Fatou"), entry_id=entry.id, text="Merci")


def test_list_queries_do_not_grow_with_entries(cap, django_assert_num_queries):
    _entries(cap["awa"], 2)
    journal.list_entries(cap["awa"], scope="course")
    journal.list_shared(cap["fatou"])
    counted = {}
    for name, call in (("mine", lambda: journal.list_entries(cap["awa"], scope="course")),
                       ("shared", lambda: journal.list_shared(cap["fatou"]))):
        with django_assert_num_queries(3 if name == "mine" else 7) as small:
            call()
        counted[name] = len(small.captured_queries)
    _entries(cap["binta"], 6)
    _entries(cap["awa"], 6)
    with django_assert_num_queries(counted["mine"]):
        assert len(journal.list_entries(cap["awa"], scope="course").items) == 8
    with django_assert_num_queries(counted["shared"]):
        assert len(journal.list_shared(cap["fatou"]).items) == 10


def test_the_markdown_and_print_downloads_hold_only_ones_own_entries(cap):
    entry = write(cap["awa"], "Le comité a enfin parlé.")
    journal.share_entry(cap["awa"], entry_id=entry.id)
    journal.give_feedback(cap["fatou"], entry_id=entry.id, text="Qu'est-ce qui a changé ?\nEt pour la suite ?")
    write(cap["binta"], "Secret de Binta")
    filename, text = journal_export.export_markdown(cap["awa"])
    assert filename == "journal.md"
    assert "## Kolda" in text and "Le comité a enfin parlé." in text
    assert "> Qu'est-ce qui a changé ?\n> Et pour la suite ?" in text and "Fatou" in text
    assert "Secret de Binta" not in text
    context = journal_export.export_context(cap["awa"])
    assert [item["title"] for item in context["entries"]] == ["Kolda"]
    assert "Aucune entrée" in journal_export.export_markdown(cap["chloe"])[1]


def test_retirement_deletes_a_learners_journal_and_anonymises_their_feedback(cap):
    entry = write(cap["awa"])
    journal.share_entry(cap["awa"], entry_id=entry.id)
    journal.give_feedback(cap["fatou"], entry_id=entry.id, text="Merci Awa")
    binta = write(cap["binta"])
    journal.share_entry(cap["binta"], entry_id=binta.id)
    journal.give_feedback(cap["fatou"], entry_id=binta.id, text="Merci Binta")

    retirement.retire_user("awa")
    assert not JournalEntry.objects.filter(user_id="awa").exists()
    assert not JournalVersion.objects.filter(entry_id=entry.id).exists()
    assert not JournalFeedback.objects.filter(text="Merci Awa").exists()

    retirement.retire_user("fatou")
    kept = JournalFeedback.objects.get(text="Merci Binta")
    assert kept.author_id == ""
    assert journal.get_entry(cap["binta"], entry_id=binta.id).feedback[0].author == "Un·e ancien·ne facilitateur·trice"


def _presented_case(actor, title):
    from cap_xblock.api import cases  # pylint: disable=import-outside-toplevel

    draft = cases.save_draft(actor, title=title, context="Contexte", problem="Problème")
    return cases.present_case(actor, case_id=draft.id)


def test_an_entry_links_to_a_case_or_brainstorm_the_author_may_see(cap):
    """Real cases and brainstorms: the decision (what the author may see) is the cases' and brainstorms' own."""
    from cap_xblock.api import brainstorm  # pylint: disable=import-outside-toplevel

    mine = _presented_case(cap["awa"], "Impliquer les femmes du marché")
    theirs = _presented_case(cap["chloe"], "Un cas des Érables")
    elsewhere = _presented_case(make_actor("awa", name="Awa", block="block-2"), "Un cas d'une autre activité")
    idea = brainstorm.open_brainstorm(cap["awa"], question="Qui oublions-nous ?")
    entry = write(cap["awa"])
    linked = journal.link_entry(cap["awa"], entry_id=entry.id, kind="case", target_id=mine.id)
    assert (linked.link_kind, linked.link_id, linked.link_label) == ("case", mine.id, "Impliquer les femmes du marché")
    for refused in (theirs.id, elsewhere.id, mine.id + 1000):
        with pytest.raises(NotFound):
            journal.link_entry(cap["awa"], entry_id=entry.id, kind="case", target_id=refused)
    assert journal.link_entry(cap["awa"], entry_id=entry.id, kind="brainstorm",
                              target_id=idea.id).link_label == "Qui oublions-nous ?"
    with pytest.raises(NotFound):
        journal.link_entry(cap["chloe"], entry_id=write(cap["chloe"]).id, kind="brainstorm", target_id=idea.id)
    assert journal.link_entry(cap["awa"], entry_id=entry.id, kind="").link_kind == ""
    with pytest.raises(InvalidInput):
        journal.link_entry(cap["awa"], entry_id=entry.id, kind="discussion", target_id=3)
    with pytest.raises(NotFound):
        journal.link_entry(cap["binta"], entry_id=entry.id, kind="case", target_id=mine.id)


def test_link_choices_offer_only_what_link_entry_accepts(cap):
    """Every case and brainstorm offered can be linked: cases of this activity only."""
    from cap_xblock.api import brainstorm  # pylint: disable=import-outside-toplevel

    mine = _presented_case(cap["awa"], "Ici")
    _presented_case(make_actor("awa", name="Awa", block="block-2"), "Dans une autre activité")
    _presented_case(cap["chloe"], "Chez les Érables")
    idea = brainstorm.open_brainstorm(cap["awa"], question="Qui oublions-nous ?")
    choices = journal.link_choices(cap["awa"])
    assert [case["id"] for case in choices["cases"]] == [mine.id]
    assert [item["id"] for item in choices["brainstorms"]] == [idea.id]
    entry = write(cap["awa"])
    for kind, key in (("case", "cases"), ("brainstorm", "brainstorms")):
        for offered in choices[key]:
            assert journal.link_entry(cap["awa"], entry_id=entry.id, kind=kind,
                                      target_id=offered["id"]).link_id == offered["id"]
