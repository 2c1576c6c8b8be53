"""Frozen records: what ``@dataclass(frozen=True)`` gives, without generating code per class.

A dataclass compiles a fresh ``__init__``, ``__eq__``, ``__hash__``, ``__repr__``,
``__setattr__`` and ``__delattr__`` from source text for every class, about a millisecond
each class at import. The catalogue model and the message types are imported on the way to
the first painted home screen, so they subclass :class:`Record` instead: the same class
body (annotated fields, defaults, methods), the same behaviour — keyword or positional
construction, equality and hashing by value between instances of the same class, a
readable ``repr``, and no assignment after construction — from methods shared by every
record. Type checkers read it as a frozen dataclass (``dataclass_transform``).

Defaults must be immutable (they are shared, like a dataclass's plain defaults).
"""

from __future__ import annotations

from typing import Any, ClassVar, dataclass_transform


class FrozenRecordError(AttributeError):
    """Raised on an attempt to change a record after it was made."""


@dataclass_transform(frozen_default=True)
class Record:
    """Base class of frozen records; fields are the subclass's annotated class attributes."""

    __slots__ = ()
    #: Field names in declaration order (base classes' fields first).
    record_fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, object]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names = list(cls.record_fields)
        defaults = dict(cls._defaults)
        for name, annotation in vars(cls).get("__annotations__", {}).items():
            if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
                continue
            if name not in names:
                names.append(name)
            if name in cls.__dict__:
                defaults[name] = cls.__dict__[name]
            elif defaults and name not in defaults:
                raise TypeError(f"{cls.__name__}: field {name!r} without a default follows "
                                "one with a default")
        cls.record_fields = tuple(names)
        cls._defaults = defaults
        setattr(cls, "__match_args__", cls.record_fields)  # noqa: B010 (mypy: not on type)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = self.record_fields
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__} takes {len(names)} fields, "
                            f"got {len(args)} positional")
        values = dict(zip(names, args, strict=False))
        for name, value in kwargs.items():
            if name in values or name not in names:
                problem = "given twice" if name in values else "not a field"
                raise TypeError(f"{type(self).__name__}: {name!r} is {problem}")
            values[name] = value
        setter = object.__setattr__
        for name in names:
            if name in values:
                setter(self, name, values[name])
            elif name in self._defaults:
                setter(self, name, self._defaults[name])
            else:
                raise TypeError(f"{type(self).__name__}: missing field {name!r}")

    def _values(self) -> tuple[object, ...]:
        return tuple([getattr(self, name) for name in self.record_fields])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.record_fields)
        return f"{type(self).__qualname__}({fields})"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenRecordError(f"cannot assign to field {name!r} of a {type(self).__name__}")

    def __delattr__(self, name: str) -> None:
        raise FrozenRecordError(f"cannot delete field {name!r} of a {type(self).__name__}")
