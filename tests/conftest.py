"""The standard users every test can ask for: editor, member, outsider, Pharos (defined once)."""

import pytest
from django.contrib.auth.models import Group

from coalitions.apps import sync_pharos_group
from coalitions.models import CoalitionRole
from coalitions.permissions import PHAROS_GROUP
from tests.factories import CoalitionFactory, CoalitionRoleFactory, UserFactory


@pytest.fixture
def coalition(db):
    """Coalition A: the one the editor and member below belong to."""
    return CoalitionFactory(name="Delft test", slug="delft-test")


@pytest.fixture
def other_coalition(db):
    """Coalition B: nobody below has a role here, except other_editor."""
    return CoalitionFactory(name="Utrecht test", slug="utrecht-test")


@pytest.fixture
def editor(coalition):
    user = UserFactory(username="editor-a")
    CoalitionRoleFactory(user=user, coalition=coalition, role=CoalitionRole.Role.EDITOR)
    return user


@pytest.fixture
def colleague(coalition):
    """A second editor of coalition A: two people working on the same data."""
    user = UserFactory(username="editor-a2", first_name="Cora", last_name="Collega")
    CoalitionRoleFactory(user=user, coalition=coalition, role=CoalitionRole.Role.EDITOR)
    return user


@pytest.fixture
def member(coalition):
    user = UserFactory(username="member-a")
    CoalitionRoleFactory(user=user, coalition=coalition, role=CoalitionRole.Role.MEMBER)
    return user


@pytest.fixture
def other_editor(other_coalition):
    user = UserFactory(username="editor-b")
    CoalitionRoleFactory(user=user, coalition=other_coalition, role=CoalitionRole.Role.EDITOR)
    return user


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


@pytest.fixture
def pharos(db):
    sync_pharos_group()  # transactional tests flush the group that post_migrate made
    user = UserFactory(username="pharos-test", is_staff=True)
    user.groups.add(Group.objects.get(name=PHAROS_GROUP))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin-test", is_staff=True, is_superuser=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with its reference data, even after an earlier run's flush."""
    from tests.factories import load_reference_data

    with django_db_blocker.unblock():
        load_reference_data()


class _Inbox:
    """What the test SMTP server received: parsed e-mail messages, oldest first."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        import email
        import email.policy

        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 OK"


@pytest.fixture(scope="session")
def smtp_server():
    """A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port, once per test session."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server, settings):
    """Send this test's mail through the SMTP server (pytest-django forces locmem otherwise);
    returns the list of messages that arrive there."""
    controller, inbox = smtp_server
    inbox.messages.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return inbox.messages


@pytest.fixture(autouse=True)
def _fresh_api_rate_limit():
    """Every test starts with the API's per-address request counts at zero (they live in the
    cache, which lasts as long as the test process): many tests ask /api/ from 127.0.0.1."""
    from django.core.cache import cache

    cache.clear()
