"""The official ninjs 3.1 schema, checked offline."""

import json
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

_FOLDER = Path(__file__).parent / "data" / "ninjs"
_GEOJSON = "https://geojson.org/schema/GeoJSON.json"


def _offline(uri: str):
    raise NoSuchResource(ref=f"{uri} (the tests never fetch a schema)")


def _validator() -> Draft202012Validator:
    schema = json.loads((_FOLDER / "ninjs-schema_3.1.json").read_text())
    geojson = json.loads((_FOLDER / "geojson-stand-in.json").read_text())
    registry = Registry(retrieve=_offline).with_resource(
        _GEOJSON, Resource.from_contents(geojson)
    )
    return Draft202012Validator(schema, registry=registry)


NINJS_3_1 = _validator()


def ninjs_errors(document) -> list[str]:
    """What makes `document` invalid ninjs 3.1, one message each; [] if valid."""
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in NINJS_3_1.iter_errors(document)
    ]
