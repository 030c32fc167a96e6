"""Demo data for the Pharos review: feedback notes (fixtures/demo_pharos.json), see load_demo."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from coalitions.models import Coalition, Feedback

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_pharos.json"


def load(data: dict) -> dict:
    pharos_data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    users = get_user_model().objects
    for f in pharos_data["feedback"]:
        Feedback.objects.update_or_create(
            coalition=Coalition.objects.get(slug=f["coalition"]),
            date=f["date"],
            defaults={"author": users.get(username=f["author"]), "text": f["text"]},
        )
    return {"feedbacknotities": len(pharos_data["feedback"])}
