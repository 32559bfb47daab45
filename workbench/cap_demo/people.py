"""The demo's people: course staff, two facilitators and 25 learners with French-speaking names."""

from cap_xblock.platform import PlatformUser

FACILITATORS = {
    "facilitator1": "Aminata Diallo",
    "facilitator2": "Jean-François Tremblay",
}
LEARNER_NAMES = [
    "Awa Ndiaye", "Moussa Sow", "Fatou Sarr", "Ibrahima Diop", "Mariama Ba", "Ousmane Faye", "Aïssatou Fall",
    "Cheikh Mbaye", "Nafissatou Cissé", "Mamadou Kane", "Khadija Touré", "Seydou Traoré", "Rokhaya Gueye",
    "Abdoulaye Camara", "Adama Koné", "Émilie Gagnon", "Louis-Philippe Roy", "Chloé Lefebvre", "Hélène Côté",
    "Thomas Bernard", "Sophie Martin", "Kouassi Yao", "Yasmine Benali", "Samuel Ouédraogo", "Inès Nkurunziza",
]
PEOPLE = {"staff": "Claire Dubois (équipe pédagogique)"}
PEOPLE.update(FACILITATORS)
PEOPLE.update({f"learner{index}": name for index, name in enumerate(LEARNER_NAMES, start=1)})


def display_name(user_id):
    """The demo name of ``user_id`` (its id when it is not a demo person)."""
    return PEOPLE.get(user_id, user_id)


def lookup(usernames):
    """``platform.lookup_users`` for the workbench: demo people, and any other id as itself."""
    return {
        name: PlatformUser(user_id=name, username=name, display_name=display_name(name),
                           is_staff=name.startswith("staff"))
        for name in usernames
        if name and name.replace("_", "").replace("-", "").replace(".", "").isalnum() and len(name) <= 64
    }


# The language each demo person reads their e-mail in (French unless listed here).
ENGLISH_READERS = {"facilitator2", "learner17", "learner20", "learner21"}


def contacts(user_ids):
    """``platform.user_contacts`` for the workbench: every demo person has an address of the demo domain."""
    from cap_xblock.platform import Contact  # pylint: disable=import-outside-toplevel

    return {
        user_id: Contact(user_id=user_id, email=f"{user_id}@cap-demo.example",
                         language="en" if user_id in ENGLISH_READERS else "fr")
        for user_id in user_ids
        if user_id in PEOPLE
    }
