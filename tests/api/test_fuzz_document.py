"""What the OpenAPI document gives a fuzzer (scripts/api_fuzz.sh) to reach the logic: links that
carry an item's id and ETag to its writes, `If-Match: *`, and examples that name demo items in
the state they are documented in."""

from __future__ import annotations

import tomllib
from pathlib import Path

from sqlalchemy import select, text

from registry.extensions import db
from registry.models import AISystem, Assessment, EvidenceItem, Organisation, SystemVersion, User
from registry.services import tokens
from tests.factories import OrganisationFactory, SystemFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
SYSTEM = "/api/v1/systems/{system_id}"
ASSESSMENT = "/api/v1/assessments/{assessment_id}"
EVIDENCE = "/api/v1/evidence/{item_id}"


def _examples(spec: dict, path: str, name: str) -> dict[str, int]:
    for parameter in spec["paths"][path].get("parameters", []):
        if parameter["name"] == name:
            return {key: example["value"] for key, example in parameter["examples"].items()}
    raise AssertionError(f"{path} documents no {name}")


def test_item_reads_link_their_etag_to_the_writes_it_guards(client) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, parameter, write in (
        (SYSTEM, "system_id", "PatchSystem"),
        (ASSESSMENT, "assessment_id", "PatchAssessment"),
        (EVIDENCE, "item_id", "PutEvidence"),
        (EVIDENCE, "item_id", "DeleteEvidence"),
    ):
        links = spec["paths"][path]["get"]["responses"]["200"]["links"]
        assert links[write]["parameters"] == {
            parameter: f"$request.path.{parameter}",
            "header.If-Match": "$response.header.ETag",
        }, write
    submit = spec["paths"][SYSTEM]["get"]["responses"]["200"]["links"]["SubmitSystem"]
    assert submit["parameters"] == {"system_id": "$request.path.system_id"}
    if_match = spec["components"]["parameters"]["IF_MATCH"]
    assert if_match["required"] is True and if_match["examples"]["any"]["value"] == "*"


def test_if_match_star_writes_the_current_version(client) -> None:
    industrial = UserFactory(role="industrial", organisation=OrganisationFactory(name="Maker"))
    system = SystemFactory(manufacturer=industrial.organisation, status="draft")
    clear = tokens.create(industrial, "tests", ["read", "write"], 90)[0]
    response = client.patch(
        f"/api/v1/systems/{system.id}",
        json={"hosting": "cloud_eu"},
        headers={"Authorization": f"Bearer {clear}", "If-Match": "*"},
    )
    assert response.status_code == 200 and response.get_json()["hosting"] == "cloud_eu"


def test_documented_examples_are_demo_items_in_their_documented_state(app, client) -> None:
    if db.engine.dialect.name == "postgresql":  # the demo's ids, as on a new database
        for table in db.metadata.sorted_tables:
            if "id" in table.c and table.c.id.autoincrement:
                db.session.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), 1, false)")
                )
        db.session.commit()
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    spec = client.get("/api/v1/openapi.json").get_json()
    industrial = db.session.scalar(select(User).where(User.email.startswith("industriel@")))
    evaluator = db.session.scalar(select(User).where(User.email.startswith("evaluateur2@")))

    systems = _examples(spec, SYSTEM, "system_id")
    assert db.session.get(AISystem, systems["published"]).status == "published"
    draft = db.session.get(AISystem, systems["draft"])
    assert draft.status == "draft" and draft.manufacturer_id == industrial.organisation_id
    assert _examples(spec, SYSTEM + "/submit", "system_id") == systems

    assessments = _examples(spec, ASSESSMENT, "assessment_id")
    published_assessment = db.session.get(Assessment, assessments["published"])
    assert published_assessment.status == "published"
    assert published_assessment.lead_evaluator_id == evaluator.id  # it may withdraw it
    mine = db.session.get(Assessment, assessments["draft"])
    assert mine.status == "draft" and mine.lead_evaluator_id == evaluator.id

    items = _examples(spec, EVIDENCE, "item_id")
    published = db.session.get(EvidenceItem, items["published"])
    assert db.session.get(Assessment, published.assessment_id).status == "published"
    assert db.session.get(EvidenceItem, items["draft"]).assessment_id == mine.id
    assert db.session.get(EvidenceItem, items["draft_2"]).assessment_id == mine.id
    # A deletion names other studies: run before the replacements, it leaves them in place.
    (deleted,) = [p for p in spec["paths"][EVIDENCE]["delete"]["parameters"] if "name" in p]
    removed = {key: example["value"] for key, example in deleted["examples"].items()}
    assert deleted["schema"] == {"type": "integer", "minimum": 0} and deleted["required"]
    assert removed["published"] == items["published"]
    assert {removed["draft"], removed["draft_2"]}.isdisjoint({items["draft"], items["draft_2"]})
    for key in ("draft", "draft_2"):
        assert db.session.get(EvidenceItem, removed[key]).assessment_id == mine.id

    # The workflow names another draft of the evaluator's: its submission in a fuzzing phase
    # leaves the studies of ``mine`` editable for the replacements that follow.
    moved = _examples(spec, ASSESSMENT + "/transitions", "assessment_id")
    assert moved["published"] == assessments["published"]
    other = db.session.get(Assessment, moved["draft"])
    assert other.status == "draft" and other.lead_evaluator_id == evaluator.id
    assert other.id != mine.id
    # schemathesis.toml pins the writes on one item to these documented ids.
    pinned = {
        entry["include-name"]: next(iter(entry["parameters"].values()))
        for entry in tomllib.loads((ROOT / "schemathesis.toml").read_text())["operations"]
    }
    assert pinned == {
        "PUT /api/v1/evidence/{item_id}": items["draft"],
        "POST /api/v1/assessments/{assessment_id}/transitions": moved["draft"],
        "PATCH /api/v1/assessments/{assessment_id}": mine.id,
        "POST /api/v1/assessments/{assessment_id}/evidence": mine.id,
    }

    organisations = _examples(spec, "/api/v1/organisations/{organisation_id}", "organisation_id")
    assert db.session.get(Organisation, organisations["manufacturer"]).kind == "manufacturer"
    assert db.session.get(Organisation, organisations["evaluation_body"]).kind == (
        "evaluation_body"
    )

    create = spec["components"]["schemas"]["AssessmentCreate"]["properties"]
    version = db.session.get(SystemVersion, create["version_id"]["example"])
    assert version.system_id == create["system_id"]["example"]
    assert db.session.get(AISystem, version.system_id).status == "published"
    compared = spec["paths"]["/api/v1/dashboards/compare"]["get"]["parameters"][0]
    assert all(
        db.session.get(AISystem, i).status == "published" for i in compared["schema"]["example"]
    )


def test_every_write_that_needs_if_match_documents_it(client) -> None:
    """A write answering 428 without If-Match says so in its parameters (a fuzzer that is not
    told sends none, and every case is refused before the logic)."""
    spec = client.get("/api/v1/openapi.json").get_json()
    checked = 0
    for path, operations in spec["paths"].items():
        for method in ("put", "patch", "delete"):
            operation = operations.get(method)
            if operation is None or "428" not in operation["responses"]:
                continue
            checked += 1
            refs = [p.get("$ref") for p in operation.get("parameters", [])]
            assert "#/components/parameters/IF_MATCH" in refs, f"{method.upper()} {path}"
    assert checked >= 4
