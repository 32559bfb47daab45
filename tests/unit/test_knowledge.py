"""Rules of cap_xblock.api.knowledge: drafts from sources, consent per level, review, publication, withdrawal,
search, « Utile », exports, retirement."""

import csv
import io
import json

import pytest
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.test.utils import CaptureQueriesContext

from bench import lists
from cap_xblock import retirement
from cap_xblock.api import brainstorm, cases, communities, knowledge, knowledge_export, knowledge_text
from cap_xblock.errors import Conflict, InvalidInput, NotAllowed, NotFound
from cap_xblock.models import Community, KnowledgeSheet, SheetPublication
from cap_xblock.models.knowledge import COMMUNITY, COURSE, EXPORT
from tests.utils import COURSE as COURSE_KEY
from tests.utils import make_actor, staff_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def cap():
    """« Les Baobabs » (facilitator f1; members owner, c1, c2, and w1, w2 who take part in its cases) and « Les Palétuviers » (facilitator f2; other)."""
    staff = staff_actor()
    baobabs = communities.create_community(staff, name="Les Baobabs")
    paletuviers = communities.create_community(staff, name="Les Palétuviers")
    people = {name: make_actor(name, name=label) for name, label in [
        ("owner", "Awa Ndiaye"), ("c1", "Moussa Sow"), ("c2", "Fatou Sarr"), ("other", "Nafissatou Cissé"),
        ("f1", "Aminata Diallo"), ("f2", "Jean-François Tremblay"), ("w1", "Ibrahima Fall"), ("w2", "Mariama Bâ")]}
    for name in ("owner", "c1", "c2", "w1", "w2"):
        communities.place_learner(staff, user_id=name, community_id=baobabs.id)
    communities.place_learner(staff, user_id="other", community_id=paletuviers.id)
    communities.add_facilitator(staff, community_id=baobabs.id, user_id="f1")
    communities.add_facilitator(staff, community_id=paletuviers.id, user_id="f2")
    people.update(staff=staff, community=baobabs.id, other_community=paletuviers.id)
    return people


def finished_case(cap, title="Impliquer les élu·es locaux"):
    """A case of the owner taken to step 6, with a suggestion, a synthesis and a learning."""
    draft = cases.save_draft(cap["owner"], title=title, context="Une commune rurale.",
                             problem="Les élu·es ne viennent pas aux réunions.",
                             tried="Des invitations écrites.")
    case = cases.present_case(cap["owner"], case_id=draft.id)
    f1 = cap["f1"]
    detail = cases.move_step(f1, case_id=case.id, from_step=1, direction="next")
    detail = cases.move_step(f1, case_id=case.id, from_step=detail.step, direction="next")
    detail = cases.move_step(f1, case_id=case.id, from_step=detail.step, direction="next")
    cases.contribute(cap["w1"], case_id=case.id, step=4, body="Inviter les élu·es par la radio communautaire.")
    detail = cases.move_step(f1, case_id=case.id, from_step=4, direction="next")
    cases.contribute(cap["owner"], case_id=case.id, step=5, body="Je passerai par le chef de village.")
    detail = cases.move_step(f1, case_id=case.id, from_step=5, direction="next")
    cases.contribute(cap["w2"], case_id=case.id, step=6, body="La relation compte plus que le courrier.")
    assert detail.step == 6
    return case


def sheet_from_case(cap):
    return knowledge.draft_from_source(cap["owner"], kind="case", source_id=finished_case(cap).id)


def publish(cap, sheet, level):
    """The owner and the people whose words the sheet copies consent to ``level``; the facilitator publishes."""
    knowledge.give_consent(cap["owner"], sheet_id=sheet.id, level=level, version=sheet.version)
    for writer in ("w1", "w2"):
        if any(quote.display_name == cap[writer].display_name for quote in sheet.quoted):
            knowledge.give_consent(cap[writer], sheet_id=sheet.id, level=level, version=sheet.version)
    return knowledge.publish_sheet(cap["f1"], sheet_id=sheet.id, level=level, version=sheet.version)


def found_by(actor, query=""):
    return [item.id for item in knowledge.search_sheets(actor, query=query).sheets.items]


# --- drafting -------------------------------------------------------------------------------


def test_a_sheet_is_drafted_from_a_case_at_step_6_prefilled_without_names(cap):
    sheet = sheet_from_case(cap)
    assert sheet.is_owner and sheet.source_kind == "case"
    for text in ("Une commune rurale.", "Les élu·es ne viennent pas", "radio communautaire",
                 "chef de village", "La relation compte"):
        assert text in sheet.body
    for name in ("Moussa", "Fatou", "Awa"):
        assert name not in sheet.body
    assert [level.missing for level in sheet.levels] == [["Awa Ndiaye", "Ibrahima Fall", "Mariama Bâ"]] * 3
    assert sheet.case_confidentiality == "community"  # the owner's choice when presenting, shown beside consent


def test_only_a_finished_case_by_its_owner_or_facilitator_becomes_a_sheet(cap):
    draft = cases.save_draft(cap["owner"], title="Pas fini", context="Contexte", problem="Question", tried="")
    case = cases.present_case(cap["owner"], case_id=draft.id)
    with pytest.raises(Conflict) as error:
        knowledge.draft_from_source(cap["owner"], kind="case", source_id=case.id)
    assert error.value.code == "case_not_finished"
    finished = finished_case(cap, "Un autre cas")
    with pytest.raises(NotAllowed):
        knowledge.draft_from_source(cap["c1"], kind="case", source_id=finished.id)
    with pytest.raises(NotFound):
        knowledge.draft_from_source(cap["other"], kind="case", source_id=finished.id)
    sheet = knowledge.draft_from_source(cap["f1"], kind="case", source_id=finished.id)
    # the case owner's consent, even when the facilitator drafts, and that of everyone whose words it copies
    assert sheet.levels[0].missing == ["Awa Ndiaye", "Ibrahima Fall", "Mariama Bâ"]
    with pytest.raises(Conflict) as error:
        knowledge.draft_from_source(cap["owner"], kind="case", source_id=finished.id)
    assert error.value.code == "sheet_exists" and error.value.details == {"sheet_id": sheet.id}
    with pytest.raises(InvalidInput):
        knowledge.draft_from_source(cap["owner"], kind="minutes-of-nothing", source_id=finished.id)


def test_a_sheet_is_drafted_from_a_brainstorms_retained_ideas_by_the_facilitator(cap):
    view = brainstorm.brainstorm_view(cap["c1"], question="Comment mobiliser ?")
    brainstorm.add_idea(cap["c1"], brainstorm_id=view.id, text="Une radio locale")
    kept = brainstorm.add_idea(cap["c2"], brainstorm_id=view.id, text="Un repas partagé")
    with pytest.raises(Conflict):
        knowledge.draft_from_source(cap["f1"], kind="brainstorm", source_id=view.id)
    brainstorm.set_status(cap["f1"], brainstorm_id=view.id, closed=True)
    idea_id = kept if isinstance(kept, int) else kept.id
    brainstorm.set_retained(cap["f1"], brainstorm_id=view.id, idea_id=idea_id, retained=True)
    with pytest.raises(NotAllowed):
        knowledge.draft_from_source(cap["c1"], kind="brainstorm", source_id=view.id)
    sheet = knowledge.draft_from_source(cap["f1"], kind="brainstorm", source_id=view.id)
    assert "Un repas partagé" in sheet.body and "Une radio locale" not in sheet.body
    # The author of the retained idea is asked (or anonymised); the one whose idea was not kept is not.
    assert [quote.display_name for quote in sheet.quoted] == ["Fatou Sarr"]
    assert knowledge.get_sheet(cap["c2"], sheet_id=sheet.id).asks_my_consent


def test_another_capability_registers_a_source(cap, monkeypatch):
    monkeypatch.setitem(knowledge.SOURCES, KnowledgeSheet.SESSION,
                        lambda actor, source_id: (cap["community"], actor.user_id, "Compte-rendu", "", "Notes"))
    sheet = knowledge.draft_from_source(cap["c1"], kind="session", source_id=7)
    assert sheet.source_kind == "session" and sheet.body == "Notes"


def test_a_sheet_from_scratch_has_themes_and_its_author_as_owner(cap):
    sheet = knowledge.create_sheet(cap["c1"], title="Animer à distance", summary="Résumé",
                                   themes="Animation, Numérique, animation", body="Corps")
    assert sheet.is_owner and sorted(sheet.themes) == ["Animation", "Numérique"]
    with pytest.raises(InvalidInput):
        knowledge.create_sheet(cap["c1"], title="Trop", themes="a,b,c,d,e,f")
    with pytest.raises(InvalidInput):
        knowledge.create_sheet(cap["c1"], title="")


# --- consent first ---------------------------------------------------------------------------


def test_nothing_is_visible_before_the_consent_its_level_needs(cap):
    sheet = sheet_from_case(cap)
    with pytest.raises(Conflict) as error:
        knowledge.publish_sheet(cap["f1"], sheet_id=sheet.id, level=COMMUNITY, version=sheet.version)
    assert error.value.code == "consent_missing"
    with pytest.raises(NotFound):
        knowledge.get_sheet(cap["c1"], sheet_id=sheet.id)
    publish(cap, sheet, COMMUNITY)
    assert found_by(cap["c1"]) == [sheet.id]
    assert found_by(cap["other"]) == [] and found_by(cap["f2"]) == []
    with pytest.raises(NotFound):
        knowledge.get_sheet(cap["other"], sheet_id=sheet.id)
    # The course level needs its own consent.
    with pytest.raises(Conflict):
        knowledge.publish_sheet(cap["f1"], sheet_id=sheet.id, level=COURSE, version=sheet.version)
    publish(cap, sheet, COURSE)
    assert found_by(cap["other"]) == [sheet.id]
    assert knowledge.get_sheet(cap["other"], sheet_id=sheet.id).body == ""  # readers get the readers' text only
    assert "radio communautaire" in knowledge.get_sheet(cap["other"], sheet_id=sheet.id).readers_html


def test_only_the_facilitator_of_its_community_publishes(cap):
    sheet = sheet_from_case(cap)
    knowledge.give_consent(cap["owner"], sheet_id=sheet.id, level=COMMUNITY, version=sheet.version)
    with pytest.raises(NotAllowed):
        knowledge.publish_sheet(cap["owner"], sheet_id=sheet.id, level=COMMUNITY, version=sheet.version)
    for name in ("c1", "f2"):  # a draft is not shown to them at all
        with pytest.raises(NotFound):
            knowledge.publish_sheet(cap[name], sheet_id=sheet.id, level=COMMUNITY, version=sheet.version)
        with pytest.raises(NotFound):
            knowledge.give_consent(cap[name], sheet_id=sheet.id, level=COMMUNITY, version=sheet.version)
    for writer in ("w1", "w2"):
        knowledge.give_consent(cap[writer], sheet_id=sheet.id, level=COMMUNITY, version=sheet.version)
    knowledge.publish_sheet(cap["staff"], sheet_id=sheet.id, level=COMMUNITY, version=sheet.version)


def test_every_person_quoted_by_name_consents_or_is_anonymised(cap):
    sheet = knowledge.create_sheet(cap["owner"], title="Avec Fatou Sarr",
                                   body="Fatou Sarr m'a conseillé d'écouter. Merci Fatou ; la famille SARR aussi.")
    sheet = knowledge.quote_person(cap["owner"], sheet_id=sheet.id, user_id="c2")
    knowledge.give_consent(cap["owner"], sheet_id=sheet.id, level=COURSE, version=sheet.version)
    assert sheet.levels[1].missing == ["Awa Ndiaye", "Fatou Sarr"]
    with pytest.raises(Conflict):
        knowledge.publish_sheet(cap["f1"], sheet_id=sheet.id, level=COURSE, version=sheet.version)
    quote_id = sheet.quoted[0].id
    knowledge.set_anonymised(cap["c2"], sheet_id=sheet.id, quote_id=quote_id, anonymised=True)
    knowledge.publish_sheet(cap["f1"], sheet_id=sheet.id, level=COURSE, version=sheet.version)
    seen = knowledge.get_sheet(cap["other"], sheet_id=sheet.id)
    label = knowledge_text.label_for(0)
    assert "Fatou" not in seen.readers_html + seen.readers_title and label in seen.readers_html
    assert knowledge.search_sheets(cap["other"]).sheets.items[0].title == f"Avec {label}"
    with pytest.raises(Conflict):  # named again only while not published
        knowledge.set_anonymised(cap["owner"], sheet_id=sheet.id, quote_id=quote_id, anonymised=False)


def test_only_editors_read_the_raw_text_and_only_the_communitys_people_are_quoted(cap):
    sheet = knowledge.create_sheet(cap["owner"], title="Avec Fatou Sarr et Moussa Sow",
                                   summary="Fatou Sarr", body="Fatou Sarr et Moussa Sow m'ont aidée.")
    knowledge.quote_person(cap["owner"], sheet_id=sheet.id, user_id="c1")
    sheet = knowledge.quote_person(cap["owner"], sheet_id=sheet.id, user_id="c2")
    knowledge.set_anonymised(cap["c2"], sheet_id=sheet.id, quote_id=sheet.quoted[1].id, anonymised=True)
    seen = knowledge.get_sheet(cap["c1"], sheet_id=sheet.id)  # a co-quoted person: concerned, not an editor
    assert seen.is_concerned and not seen.can_edit
    assert "Fatou" not in seen.title + seen.summary + seen.body + seen.readers_title + seen.readers_html
    assert "Fatou" not in json.dumps([quote.display_name for quote in seen.quoted])
    for editor in ("owner", "f1", "staff"):
        assert "Fatou Sarr" in knowledge.get_sheet(cap[editor], sheet_id=sheet.id).body
    with pytest.raises(InvalidInput) as error:  # a person of another community of the course
        knowledge.quote_person(cap["owner"], sheet_id=sheet.id, user_id="other")
    assert error.value.code == "not_quotable"
    knowledge.quote_person(cap["owner"], sheet_id=sheet.id, user_id="f1")  # the community's facilitator may be quoted


# Committed rows: MariaDB's full-text index does not see a transaction's own rows.
@pytest.mark.django_db(transaction=True)
def test_search_finds_only_what_readers_see(cap):
    sheet = knowledge.create_sheet(cap["owner"], title="Avec Fatou Sarr", summary="Sarr aide",
                                   body="Fatou Sarr écoute.")
    sheet = knowledge.quote_person(cap["owner"], sheet_id=sheet.id, user_id="c2")
    knowledge.set_anonymised(cap["c2"], sheet_id=sheet.id, quote_id=sheet.quoted[0].id, anonymised=True)
    publish(cap, sheet, COURSE)
    assert found_by(cap["other"], "Fatou") == [] and found_by(cap["other"], "Sarr") == []
    assert found_by(cap["other"], "écoute") == [sheet.id]
    assert found_by(cap["other"], knowledge_text.label_for(0)) == [sheet.id]


def test_a_quoted_person_who_consents_is_named(cap):
    sheet = knowledge.create_sheet(cap["owner"], title="Avec Fatou", body="Fatou Sarr m'a aidée.")
    sheet = knowledge.quote_person(cap["owner"], sheet_id=sheet.id, user_id="c2")
    knowledge.give_consent(cap["c2"], sheet_id=sheet.id, level=COMMUNITY, version=sheet.version)
    publish(cap, sheet, COMMUNITY)
    assert "Fatou Sarr" in knowledge.get_sheet(cap["c1"], sheet_id=sheet.id).readers_html


def test_a_changed_text_needs_consent_again_and_a_published_sheet_is_not_changed(cap):
    sheet = sheet_from_case(cap)
    knowledge.give_consent(cap["owner"], sheet_id=sheet.id, level=COMMUNITY, version=sheet.version)
    changed = knowledge.update_sheet(cap["f1"], sheet_id=sheet.id, title="Nouveau titre", body=sheet.body,
                                     base_version=sheet.version)
    assert changed.version == sheet.version + 1 and changed.levels[0].missing == ["Awa Ndiaye", "Ibrahima Fall", "Mariama Bâ"]
    with pytest.raises(Conflict) as error:
        knowledge.publish_sheet(cap["f1"], sheet_id=sheet.id, level=COMMUNITY, version=changed.version)
    assert error.value.code == "consent_missing"
    with pytest.raises(Conflict) as error:
        knowledge.give_consent(cap["owner"], sheet_id=sheet.id, level=COMMUNITY, version=sheet.version)
    assert error.value.code == "stale_version"
    publish(cap, changed, COMMUNITY)
    with pytest.raises(Conflict) as error:
        knowledge.update_sheet(cap["owner"], sheet_id=sheet.id, title="Encore", base_version=changed.version)
    assert error.value.code == "sheet_published"


def test_a_publication_row_without_consent_shows_nothing(cap):
    sheet = sheet_from_case(cap)
    SheetPublication.objects.create(sheet_id=sheet.id, level=COURSE)
    KnowledgeSheet.objects.filter(id=sheet.id).update(published_at="2026-01-01T00:00:00Z")
    assert found_by(cap["other"]) == [] and found_by(cap["c1"]) == []
    with pytest.raises(NotFound):
        knowledge.get_sheet(cap["other"], sheet_id=sheet.id)


# --- withdrawal --------------------------------------------------------------------------------


def test_withdrawal_removes_the_sheet_from_every_place(cap):
    sheet = sheet_from_case(cap)
    for level in (COMMUNITY, COURSE, EXPORT):
        publish(cap, sheet, level)
    assert found_by(cap["other"]) == [sheet.id]
    assert [s.id for s in knowledge_export.exported_sheets(cap["staff"])] == [sheet.id]
    with pytest.raises(NotAllowed):
        knowledge.withdraw_consent(cap["c1"], sheet_id=sheet.id)
    detail = knowledge.withdraw_consent(cap["owner"], sheet_id=sheet.id)
    assert detail.withdrawn_at and not any(level.published for level in detail.levels)
    for name in ("c1", "other", "f2", "staff"):
        assert found_by(cap[name]) == []
    for name in ("c1", "other"):
        with pytest.raises(NotFound):
            knowledge.get_sheet(cap[name], sheet_id=sheet.id)
    assert knowledge_export.exported_sheets(cap["staff"]) == []
    assert "radio" not in knowledge_export.export_csv(cap["staff"])[1]
    assert json.loads(knowledge_export.export_json(cap["staff"])[1]) == []


def test_withdrawal_is_possible_from_an_archived_community(cap):
    sheet = sheet_from_case(cap)
    publish(cap, sheet, COURSE)
    communities.set_archived(cap["staff"], community_id=cap["community"], archived=True)
    knowledge.withdraw_consent(cap["owner"], sheet_id=sheet.id)
    assert found_by(cap["other"]) == []


# --- review -----------------------------------------------------------------------------


def test_the_review_flags_names_places_emails_and_phones_and_shows_the_readers_text(cap):
    body = ("Avec Moussa Sow et la Mairie de Thiès, à Kaolack, nous avons écrit à awa@example.org "
            "ou au +221 77 123 45 67. L'ONG nous a aidés.")
    sheet = knowledge.create_sheet(cap["owner"], title="Relecture", body=body)
    with pytest.raises(NotAllowed):
        knowledge.review_sheet(cap["owner"], sheet_id=sheet.id)
    with pytest.raises(NotFound):
        knowledge.review_sheet(cap["c1"], sheet_id=sheet.id)
    review = knowledge.review_sheet(cap["f1"], sheet_id=sheet.id)
    kinds = {(flag.kind, flag.text) for flag in review.flags}
    assert ("name", "Moussa Sow") in kinds and ("name", "Moussa") in kinds
    assert ("place", "Kaolack") in kinds
    assert ("organisation", "Mairie de Thiès") in kinds and ("organisation", "ONG") in kinds
    assert ("email", "awa@example.org") in kinds and ("phone", "+221 77 123 45 67") in kinds
    assert "awa@example.org" in review.sheet.readers_html and review.version == sheet.version


def test_readers_html_is_sanitised(cap):
    sheet = knowledge.create_sheet(cap["owner"], title="<b>x</b>", body="<script>alert(1)</script> **gras**")
    assert "<script" not in sheet.readers_html and "<strong>gras</strong>" in sheet.readers_html


# --- finding it -------------------------------------------------------------------------------


def _published_sheet(cap, title, body="", themes="", author="owner", level=COURSE):
    sheet = knowledge.create_sheet(cap[author], title=title, summary="Résumé de " + title, themes=themes, body=body)
    knowledge.give_consent(cap[author], sheet_id=sheet.id, level=level, version=sheet.version)
    facilitator = "f1" if author != "other" else "f2"
    knowledge.publish_sheet(cap[facilitator], sheet_id=sheet.id, level=level, version=sheet.version)
    return sheet


# The database's full-text index (MariaDB) sees rows once their transaction commits.
@pytest.mark.django_db(transaction=True)
def test_search_filters_and_orders(cap):
    radio = _published_sheet(cap, "Mobiliser par la radio", "Les émissions communautaires.", "Mobilisation")
    repas = _published_sheet(cap, "Le repas partagé", "Cuisiner ensemble crée du lien.", "Convivialité",
                             author="other")
    assert found_by(cap["c1"], "communautaires") == [radio.id]
    assert found_by(cap["c1"], "CUISINER lien") == [repas.id]
    assert found_by(cap["c1"], "radio repas") == []
    assert found_by(cap["c1"], "+-*\"()~<>") == [repas.id, radio.id]  # operators are not searched
    assert [i.id for i in knowledge.search_sheets(cap["c1"], theme="mobilisation").sheets.items] == [radio.id]
    assert [i.id for i in knowledge.search_sheets(
        cap["c1"], community_id=cap["other_community"]).sheets.items] == [repas.id]
    knowledge.mark_useful(cap["c1"], sheet_id=radio.id, useful=True)
    assert [i.id for i in knowledge.search_sheets(cap["c1"], order="useful").sheets.items] == [radio.id, repas.id]
    assert knowledge.search_sheets(cap["c1"]).themes == []  # the filters' choices come with the first render
    result = knowledge.search_sheets(cap["c1"], with_filters=True)
    assert "Mobilisation" in result.themes and (cap["community"], "Les Baobabs") in result.communities
    with pytest.raises(InvalidInput):
        knowledge.search_sheets(cap["c1"], order="random")


@pytest.mark.django_db(transaction=True)
def test_search_asks_the_databases_own_full_text_index_where_it_has_one(cap):
    radio = _published_sheet(cap, "Mobiliser par la radio", "Les émissions communautaires.")
    with CaptureQueriesContext(connection) as captured:
        assert found_by(cap["c1"], "émissions radio") == [radio.id]
    uses_index = any("MATCH (" in query["sql"] for query in captured.captured_queries)
    assert uses_index == (connection.vendor == "mysql")


def test_useful_marks_are_one_per_person_and_not_on_ones_own_sheet(cap):
    sheet = _published_sheet(cap, "Utile ?")
    assert knowledge.mark_useful(cap["c1"], sheet_id=sheet.id, useful=True) == (1, True)
    assert knowledge.mark_useful(cap["c1"], sheet_id=sheet.id, useful=True) == (1, True)
    assert knowledge.mark_useful(cap["other"], sheet_id=sheet.id, useful=True) == (2, True)
    assert knowledge.mark_useful(cap["c1"], sheet_id=sheet.id, useful=False) == (1, False)
    with pytest.raises(NotAllowed):
        knowledge.mark_useful(cap["owner"], sheet_id=sheet.id, useful=True)
    draft = knowledge.create_sheet(cap["owner"], title="Brouillon")
    with pytest.raises(NotFound):
        knowledge.mark_useful(cap["c1"], sheet_id=draft.id, useful=True)


def test_useful_marks_pass_the_write_gate_of_the_readers_own_community(cap):
    from cap_xblock.api import moderation  # pylint: disable=import-outside-toplevel
    sheet = _published_sheet(cap, "Utile ?")
    moderation.mute_member(cap["f1"], community_id=cap["community"], user_id="c1", days=3)
    with pytest.raises(NotAllowed) as error:
        knowledge.mark_useful(cap["c1"], sheet_id=sheet.id, useful=True)
    assert error.value.code == "muted"
    moderation.mute_member(cap["f2"], community_id=cap["other_community"], user_id="other", days=3)
    with pytest.raises(NotAllowed) as error:  # a reader of another community: the gate of their own community
        knowledge.mark_useful(cap["other"], sheet_id=sheet.id, useful=True)
    assert error.value.code == "muted"
    communities.set_archived(cap["staff"], community_id=cap["community"], archived=True)
    with pytest.raises(NotAllowed) as error:
        knowledge.mark_useful(cap["c2"], sheet_id=sheet.id, useful=True)
    assert error.value.code == "community_archived"
    assert knowledge.mark_useful(cap["f2"], sheet_id=sheet.id, useful=True) == (1, True)


@pytest.mark.django_db(transaction=True)
def test_a_search_page_reads_a_constant_number_of_queries(cap):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            knowledge.search_sheets(cap["other"], query="Résumé")
        return len(captured)

    _published_sheet(cap, "Première")
    few = queries()
    for number in range(12):
        sheet = _published_sheet(cap, f"Fiche {number}", themes=f"Thème {number}, Commun")
        knowledge.mark_useful(cap["c1"], sheet_id=sheet.id, useful=True)
    assert queries() == few <= 8


def test_the_community_filter_offers_the_communities_of_the_sheets_one_reads(cap):
    for number in range(3):
        communities.create_community(cap["staff"], name=f"Zone {number}")  # no sheet: not offered
    _published_sheet(cap, "Mobiliser par la radio")
    _published_sheet(cap, "Entre nous", author="other", level=COMMUNITY)  # read in Les Palétuviers only
    baobabs, paletuviers = (cap["community"], "Les Baobabs"), (cap["other_community"], "Les Palétuviers")
    assert knowledge.search_sheets(cap["c1"], with_filters=True).communities == [baobabs]
    assert knowledge.search_sheets(cap["other"], with_filters=True).communities == [baobabs, paletuviers]
    assert knowledge.search_sheets(cap["staff"], with_filters=True).communities == [baobabs, paletuviers]


def test_the_theme_filter_offers_the_most_used_themes_of_the_sheets_published_last(cap, monkeypatch):
    monkeypatch.setattr(knowledge, "THEME_SAMPLE", 2)
    for number in range(3):
        _published_sheet(cap, f"Ancienne {number}", themes="Gouvernance")
    for number in range(2):
        _published_sheet(cap, f"Récente {number}", themes=f"Radio, Thème {number}")
    assert knowledge.search_sheets(cap["c1"], with_filters=True).themes == ["Radio", "Thème 0", "Thème 1"]


class _FetchedRows:
    """Counts the rows the database hands over to Django (every fetchone / fetchmany / fetchall)."""

    def __init__(self, patch):
        self.count = 0
        original = CursorWrapper.__getattr__

        def counting(cursor, name):
            attribute = original(cursor, name)
            if name not in ("fetchone", "fetchmany", "fetchall"):
                return attribute

            def fetch(*args, **kwargs):
                rows = attribute(*args, **kwargs)
                self.count += (rows is not None) if name == "fetchone" else len(rows)
                return rows
            return fetch

        patch.setattr(CursorWrapper, "__getattr__", counting)


def test_the_first_search_reads_a_bounded_number_of_rows_whatever_the_sheets_and_communities(cap, monkeypatch):
    # The benchmark's own rows: sheets published to the course with a theme, and communities without sheets.
    monkeypatch.setattr(knowledge, "THEME_SAMPLE", 20)
    place = lists.Place(course_key=COURSE_KEY, block_key="block-1", community=Community.objects.get(id=cap["community"]))

    def fetched(size):
        lists.seed_sheets(place, size)
        lists.seed_communities(place, size)
        with pytest.MonkeyPatch.context() as patch:
            counter = _FetchedRows(patch)
            found = knowledge.search_sheets(cap["c1"], with_filters=True)
        return counter.count, found

    few, small = fetched(10)
    many, large = fetched(300)
    assert (small.sheets.total, large.sheets.total) == (10, 300)
    assert large.communities == [(cap["community"], "Les Baobabs")] and large.themes == ["Gouvernance"]
    assert many <= few + knowledge.THEME_SAMPLE  # the themes are counted on the sheets published last


def test_my_sheets_lists_what_concerns_the_actor(cap):
    sheet = sheet_from_case(cap)
    scratch = knowledge.create_sheet(cap["c1"], title="À moi")
    assert [i.id for i in knowledge.my_sheets(cap["owner"]).items] == [sheet.id]
    assert [i.id for i in knowledge.my_sheets(cap["c1"]).items] == [scratch.id]
    assert {i.id for i in knowledge.my_sheets(cap["f1"]).items} == {sheet.id, scratch.id}
    assert knowledge.my_sheets(cap["f2"]).total == 0 and knowledge.my_sheets(cap["other"]).total == 0


# --- exports ----------------------------------------------------------------------------------


def test_exports_are_for_staff_and_carry_only_sheets_consented_for_the_organisation(cap):
    _published_sheet(cap, "Pour le cours seulement")
    exported = _published_sheet(cap, "=HYPERLINK(\"http://x\")", "-2+3\n=1+1", level=EXPORT)
    for name in ("owner", "f1"):
        with pytest.raises(NotAllowed):
            knowledge_export.exported_sheets(cap[name])
    assert [s.id for s in knowledge_export.exported_sheets(cap["staff"])] == [exported.id]
    rows = list(csv.reader(io.StringIO(knowledge_export.export_csv(cap["staff"])[1])))
    assert rows[1][1].startswith("'=") and rows[1][7].startswith("'-2") and "\n'=1+1" in rows[1][7]
    assert "=HYPERLINK" in knowledge_export.export_markdown(cap["staff"])[1]


# --- retirement -------------------------------------------------------------------------------


def test_retiring_the_owner_withdraws_their_sheets(cap):
    sheet = sheet_from_case(cap)
    publish(cap, sheet, COURSE)
    retirement.retire_user("owner")
    assert found_by(cap["other"]) == []
    row = KnowledgeSheet.objects.get(id=sheet.id)
    assert row.owner_id == "" and row.withdrawn_at is not None


def test_retiring_a_quoted_person_anonymises_them_in_the_stored_text(cap):
    sheet = knowledge.create_sheet(cap["owner"], title="Avec Fatou Sarr", body="Merci à Fatou Sarr.")
    knowledge.quote_person(cap["owner"], sheet_id=sheet.id, user_id="c2")
    retirement.retire_user("c2")
    row = KnowledgeSheet.objects.get(id=sheet.id)
    assert "Fatou" not in row.title + row.body and knowledge_text.label_for(0) in row.body


def test_draft_sources_offer_finished_cases_not_yet_drafted(cap):
    case = finished_case(cap)
    assert knowledge.draft_sources(cap["owner"]) == [(f"case:{case.id}", case.title)]
    assert knowledge.draft_sources(cap["f1"]) == [(f"case:{case.id}", case.title)]
    assert knowledge.draft_sources(cap["c1"]) == [] and knowledge.draft_sources(cap["f2"]) == []
    knowledge.draft_from_source(cap["owner"], kind="case", source_id=case.id)
    assert knowledge.draft_sources(cap["owner"]) == []


def test_the_facilitator_unpublishes_a_level(cap):
    sheet = sheet_from_case(cap)
    publish(cap, sheet, COURSE)
    with pytest.raises(NotAllowed):
        knowledge.unpublish_sheet(cap["owner"], sheet_id=sheet.id, level=COURSE)
    detail = knowledge.unpublish_sheet(cap["f1"], sheet_id=sheet.id, level=COURSE)
    assert not detail.levels[1].published and detail.published_at is None
    assert found_by(cap["other"]) == []
