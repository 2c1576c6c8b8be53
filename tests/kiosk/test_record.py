"""Records behave like frozen dataclasses: construction, defaults, equality, hash, repr, frozen."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar

import pytest

from kiosk.catalogue import LocalizedText, Service
from kiosk.i18n import N_, Message
from kiosk.record import FrozenRecordError, Record


class Point(Record):
    """A test record."""

    x: int
    y: int = 0
    tags: Mapping[str, int] = MappingProxyType({})
    kind: ClassVar[str] = "point"

    def moved(self, dx: int) -> Point:
        """A copy ``dx`` to the right."""
        return Point(self.x + dx, self.y)


class Point3(Point):
    """A subclass adds fields after the base's."""

    z: int = 0


@dataclasses.dataclass(frozen=True)
class DataPoint:
    x: int
    y: int = 0
    tags: Mapping[str, int] = dataclasses.field(default_factory=dict)


class Pair(Record):
    a: int
    b: int


@dataclasses.dataclass(frozen=True)
class DataPair:
    a: int
    b: int


def test_fields_defaults_and_class_variables() -> None:
    assert Point.record_fields == ("x", "y", "tags")
    assert Point3.record_fields == ("x", "y", "tags", "z")
    assert Point.__match_args__ == ("x", "y", "tags")
    point = Point(1)
    assert (point.x, point.y, dict(point.tags)) == (1, 0, {})
    assert Point(x=1, y=2) == Point(1, 2) == Point(1, y=2)
    assert Point3(1, z=3).z == 3
    assert point.moved(2) == Point(3)
    assert Point.kind == "point"


def test_the_same_as_a_frozen_dataclass() -> None:
    cases: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
        ((1,), {}), ((1, 2), {}), ((), {"x": 1, "tags": {"a": 1}})]
    for args, kwargs in cases:
        record, data = Point(*args, **kwargs), DataPoint(*args, **kwargs)
        assert repr(record).replace("Point", "DataPoint").replace("mappingproxy({})", "{}") \
            == repr(data)
    assert hash(Pair(1, 2)) == hash(DataPair(1, 2))
    assert Point(1, 2) != DataPoint(1, 2)
    assert Point(1) != Point3(1), "equal only to the same class, like a dataclass"
    assert Point(1) != (1, 0, {})
    assert len({Pair(1, 2), Pair(1, 2), Pair(2, 1)}) == 2
    with pytest.raises(TypeError, match="unhashable"):
        hash(Point(1))  # a mapping field, as with a dataclass


def test_frozen() -> None:
    point = Point(1)
    with pytest.raises(FrozenRecordError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del point.x
    with pytest.raises(AttributeError):
        point.other = 1
    assert point.x == 1


@pytest.mark.parametrize(("args", "kwargs", "problem"), [
    ((), {}, "missing field 'x'"),
    ((1, 2, {}, 4), {}, "takes 3 fields"),
    ((1,), {"x": 2}, "'x' is given twice"),
    ((1,), {"w": 2}, "'w' is not a field"),
])
def test_wrong_arguments(args: tuple[Any, ...], kwargs: dict[str, Any], problem: str) -> None:
    with pytest.raises(TypeError, match=problem):
        Point(*args, **kwargs)


def test_a_field_without_a_default_cannot_follow_one_with() -> None:
    with pytest.raises(TypeError, match="'b' without a default"):
        class Bad(Record):
            a: int = 0
            b: int  # type: ignore[misc]


def test_copies_are_equal_and_stay_frozen() -> None:
    text = LocalizedText("сәлем", "привет", "hello")
    for duplicate in (copy.copy(text), copy.deepcopy(text)):
        assert duplicate == text
        with pytest.raises(FrozenRecordError):
            duplicate.kk = "x"  # type: ignore[misc]


def test_model_and_message_defaults_are_immutable() -> None:
    assert Message("x") == N_("x")
    assert Message("x").params == {}
    service_defaults = Service._defaults
    assert isinstance(service_defaults["keywords"], MappingProxyType)
