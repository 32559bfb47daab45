"""The discussion handlers through the workbench, CSRF enforced, role by role, in French."""

import pytest

from cap_demo.people import display_name
from cap_xblock.models import Post
from tests.discussion_utils import accept_charter
from tests.utils import make_actor

pytestmark = pytest.mark.django_db


def member(user_id, workbench, demo):  # pylint: disable=unused-argument
    """A demo member who accepted their community's charter, as the gate on writing asks."""
    accept_charter(make_actor(user_id, name=display_name(user_id)))
    return user_id


def test_learner_sees_their_community_threads_pinned_first(workbench, demo):
    status, body = workbench.get("discussion_threads", "learner1")
    assert status == 200
    titles = [item["title"] for item in body["items"]]
    assert titles[0] == "Bienvenue : nos règles pour discuter" and body["items"][0]["pinned"]
    assert "Cartographier les parties prenantes d'un projet de mangrove" not in titles
    assert body["total"] == 4 and body["page"] == 1


def test_learner_opens_starts_and_replies(workbench, demo):
    learner = member("learner2", workbench, demo)
    status, post = workbench.post("discussion_start", learner, {"title": "Réunion", "body": "*Avis* ?"})
    assert status == 200 and post["body_html"] == "<p><em>Avis</em> ?</p>" and post["mine"]
    peer = member("learner3", workbench, demo)
    status, answer = workbench.post("discussion_reply", peer, {"parent_id": post["id"], "body": "Oui"})
    assert status == 200 and answer["depth"] == 1
    status, thread = workbench.get("discussion_thread", learner, {"thread_id": post["id"]})
    assert status == 200 and [r["body_html"] for r in thread["replies"]["items"]] == ["<p>Oui</p>"]
    assert thread["replies"]["items"][0]["is_new"] and not thread["can_moderate"]
    status, result = workbench.post("discussion_useful", learner, {"post_id": answer["id"], "useful": True})
    assert status == 200 and result["useful"] == 1
    status, edited = workbench.post("discussion_edit", peer, {"post_id": answer["id"], "body": "Oui, **vraiment**"})
    assert status == 200 and edited["edited"]
    status, error = workbench.post("discussion_edit", learner, {"post_id": answer["id"], "body": "Non"})
    assert status == 403 and error["error"]["code"] == "not_author"
    status, versions = workbench.get("discussion_versions", "facilitator1", {"post_id": answer["id"]})
    assert status == 200 and versions["versions"][0]["body"] == "Oui"
    status, error = workbench.get("discussion_versions", learner, {"post_id": answer["id"]})
    assert status == 403
    status, deleted = workbench.post("discussion_delete", peer, {"post_id": answer["id"]})
    assert status == 200 and deleted["deleted"]


def test_another_community_gets_404_for_every_discussion_handler(workbench, demo):
    baobab = Post.objects.filter(community__name="Les Baobabs", depth=0).first().id
    outsider = member("learner9", workbench, demo)
    for student in (outsider, "facilitator2"):
        for handler, data in (("discussion_reply", {"parent_id": baobab, "body": "x"}),
                              ("discussion_edit", {"post_id": baobab, "body": "x"}),
                              ("discussion_delete", {"post_id": baobab}),
                              ("discussion_useful", {"post_id": baobab})):
            status, body = workbench.post(handler, student, data)
            assert status == 404, (student, handler)
            assert body["error"]["message"] == "Ce message n'existe pas."
        for handler, data in (("discussion_thread", {"thread_id": baobab}),
                              ("discussion_versions", {"post_id": baobab}),
                              ("discussion_threads", {"community_id": Post.objects.get(id=baobab).community_id})):
            status, body = workbench.get(handler, student, data)
            assert status == 404, (student, handler)


def test_bad_input_never_gives_a_500(workbench, demo):
    learner = member("learner2", workbench, demo)
    for handler, data, expected in (("discussion_start", {"title": ["x"], "body": "y"}, 400),
                                    ("discussion_start", {"title": "x", "body": "y" * 5001}, 400),
                                    ("discussion_start", {"title": "x", "body": "y", "anonymous": "peut-être"}, 400),
                                    ("discussion_reply", {"parent_id": "abc", "body": "y"}, 400),
                                    ("discussion_reply", {"parent_id": 10 ** 30, "body": "y"}, 400),
                                    ("discussion_useful", {"post_id": {"a": 1}}, 400)):
        status, body = workbench.post(handler, learner, data)
        assert status == expected, (handler, data, status)
        assert body["error"]["code"]
    status, _body = workbench.post("discussion_start", learner, raw="[1, 2")
    assert status == 400
    status, _body = workbench.get("discussion_start", learner)
    assert status == 405
    assert workbench.get("discussion_thread", learner, {"thread_id": "x"})[0] == 400
    assert workbench.get("discussion_threads", learner, {"page": "-2"})[0] == 400


def test_posting_too_fast_gets_429_with_a_clear_message(workbench, demo):
    learner = member("learner5", workbench, demo)
    for index in range(5):
        status, _body = workbench.post("discussion_start", learner, {"title": f"Fil {index}", "body": "Texte"})
        assert status == 200
    status, body = workbench.post("discussion_start", learner, {"title": "Un de trop", "body": "Texte"})
    assert status == 429 and body["error"]["code"] == "rate_limited"
    assert "5 messages par minute" in body["error"]["message"] and "texte est conservé" in body["error"]["message"]
    assert not Post.objects.filter(title="Un de trop").exists()


def test_anonymous_visitor_and_staff(workbench, demo):
    status, body = workbench.post("discussion_start", "anonymous", {"title": "x", "body": "y"})
    assert status == 403
    status, body = workbench.get("discussion_threads", "staff")
    assert status == 200
    status, body = workbench.post("discussion_start", "staff", {"title": "Annonce", "body": "Bonjour"})
    assert status == 200 and body["status"] == "published"


def test_the_learner_view_shows_the_discussion_lightly(workbench, demo):
    response = workbench.view("learner1")
    html = response.content.decode("utf-8")
    assert response.status_code == 200
    assert "Les élus locaux ne viennent pas aux comités de pilotage" in html
    assert "projet de mangrove" not in html
    assert 'data-section="discussion"' in html and 'data-section="moderation"' not in html
    assert "Nouveau" in html  # learner1 has not read the later threads
    status, section = workbench.get("section_view", "learner1", {"key": "discussion"})
    assert status == 200 and any(url.endswith("/discussion.js") for url in section["scripts"])


def test_the_view_queries_do_not_grow_with_threads(workbench, demo, django_assert_num_queries,
                                                    django_assert_max_num_queries):
    learner = member("learner2", workbench, demo)
    workbench.get("discussion_threads", learner)
    with django_assert_max_num_queries(40) as small:
        workbench.get("discussion_threads", learner)
    sample = Post.objects.get(title__startswith="Bienvenue")
    for index in range(15):
        Post.objects.create(course_key=sample.course_key, block_key=sample.block_key, community=sample.community,
                            depth=0, author_id="learner3", title=f"Fil {index}", body="x", body_html="<p>x</p>")
    with django_assert_num_queries(len(small.captured_queries)):
        workbench.get("discussion_threads", learner)


def test_studio_settings_of_the_discussion(workbench, demo):
    status, body = workbench.post("submit_studio_edits", "staff", {"values": {"post_rate_limit": 61}, "defaults": []})
    assert status == 400
    assert body["error"]["message"] == "Le nombre de messages par minute doit être compris entre 0 et 60."
    status, body = workbench.post("submit_studio_edits", "staff", {
        "values": {"allow_anonymous_posts": True, "post_rate_limit": 0}, "defaults": []})
    assert status == 200, body
    html = workbench.view("learner2").content.decode("utf-8")
    assert "Publier anonymement pour les autres membres" in html
    assert "voient toujours qui" in html
    learner = member("learner2", workbench, demo)
    status, post = workbench.post("discussion_start", learner, {"title": "Sans nom", "body": "x", "anonymous": True})
    assert status == 200 and post["anonymous"]
    status, body = workbench.get("discussion_threads", "learner3")
    seen = next(item for item in body["items"] if item["id"] == post["id"])
    assert seen["author"] == "Membre anonyme" and seen["author_id"] == ""
    status, body = workbench.get("discussion_threads", "facilitator1")
    assert next(item for item in body["items"] if item["id"] == post["id"])["author"] == "Moussa Sow"
