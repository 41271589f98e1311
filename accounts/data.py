"""Own your data (docs/PRODUCT.md I4): export everything of a user as JSON or a zip of CSV files, import the JSON
into an account, delete the account.

The models are found generically: every model of our own apps (settings.LOCAL_APPS) whose rows reach the user
through a chain of cascading foreign keys belongs to that user. Nothing here names a model of another app, so a new
model is exported, imported and deleted without touching this file, and `accounts` never has to import upward. A
model says itself what it keeps out of a file (`SECRET_FIELDS`), under which labels earlier exports wrote it
(`FORMER_EXPORT_LABELS`, after a move between apps) and what a field an earlier export did not have yet becomes
(`IMPORT_DEFAULTS`: {field name: a function of the importing user}).
"""

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import ProhibitNullCharactersValidator
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from accounts.bounds import single_line, year_in_range
from accounts.models import User

FORMAT_NAME = "debrief-export"
FORMAT_VERSION = 1
# Rows that record another person's consent (a recruiter link, an invitation to one) are exported so the user can
# read them, but never imported: a file must not be able to link an account to someone else.
EXPORT_ONLY = {"accounts.recruiterlink", "accounts.linkinvitation"}
PROFILE_FIELDS = ("display_name", "time_zone")
IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_MAX_ROWS = 200_000
CHUNK_ROWS = 500
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class ImportRefused(Exception):
    """The file cannot be imported; the message says why, in words for the person who chose the file."""


class _SkipRow(Exception):
    """A row written by someone else (a recruiter's note): it cannot be theirs in another account, so it is left
    out, with the rows that hang off it."""


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    owner_path: str  # the ORM lookup from a row of this model to its owner, e.g. "interview__owner"

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def fields(self) -> list[models.Field]:
        # Secrets (a model's SECRET_FIELDS) are not written to a file that may be emailed around.
        secret = set(getattr(self.model, "SECRET_FIELDS", ()))
        return [f for f in self.model._meta.concrete_fields if f.name not in secret]

    @property
    def importable(self) -> bool:
        return self.label not in EXPORT_ONLY


def _is_user_model(model) -> bool:
    return model is not None and model._meta.label == settings.AUTH_USER_MODEL


def _cascading_fks(model) -> list[models.ForeignKey]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and (f.many_to_one or f.one_to_one) and f.remote_field.on_delete is models.CASCADE
        if not f.null
    ]


def user_tables() -> list[Table]:
    """Every model of our apps that belongs to a user, parents before children (the order import needs)."""
    ours = set(settings.LOCAL_APPS)
    candidates = [m for m in apps.get_models() if m._meta.app_label in ours and not _is_user_model(m)]
    paths: dict[type, str] = {}
    changed = True
    while changed:
        changed = False
        for model in candidates:
            if model in paths:
                continue
            for fk in _cascading_fks(model):
                target = fk.related_model
                if _is_user_model(target):
                    paths[model] = fk.name
                elif target in paths:
                    paths[model] = f"{fk.name}__{paths[target]}"
                else:
                    continue
                changed = True
                break
    ordered: list[Table] = []
    placed: set[type] = set()
    pending = [m for m in candidates if m in paths]
    while pending:
        progress = False
        for model in list(pending):
            parents = {
                f.related_model
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model in paths and f.related_model is not model
            }
            if parents <= placed:
                ordered.append(Table(model=model, owner_path=paths[model]))
                placed.add(model)
                pending.remove(model)
                progress = True
        if not progress:  # a cycle of foreign keys; place the rest as they come
            ordered.extend(Table(model=m, owner_path=paths[m]) for m in pending)
            break
    return ordered


def table_rows(*, table: Table, user: User) -> models.QuerySet:
    queryset = table.model._default_manager.filter(**{table.owner_path: user})
    if table.label == "accounts.recruiterlink":  # a link belongs to both ends
        queryset = table.model._default_manager.filter(models.Q(candidate=user) | models.Q(recruiter=user))
    return queryset.order_by("pk")


def _rows(*, table: Table, user: User) -> Iterator[dict]:
    names = [f.attname for f in table.fields]
    for values in table_rows(table=table, user=user).values_list(*names).iterator(chunk_size=CHUNK_ROWS):
        yield dict(zip(names, values, strict=True))


# --- Export ---------------------------------------------------------------------------------------------------


def export_json_chunks(*, user: User, now: dt.datetime | None = None) -> Iterator[str]:
    """The JSON export, written a table and a few hundred rows at a time so a large account never sits in memory."""
    encoder = DjangoJSONEncoder()
    header = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": (now or timezone.now()).isoformat(),
        "user": {"id": user.pk, "email": user.email, **{name: getattr(user, name) for name in PROFILE_FIELDS}},
    }
    yield encoder.encode(header)[:-1] + ', "tables": {'
    for index, table in enumerate(user_tables()):
        yield ("," if index else "") + f"\n{json.dumps(table.label)}: ["
        buffer: list[str] = []
        first = True
        for row in _rows(table=table, user=user):
            buffer.append(("" if first else ",") + "\n  " + encoder.encode(row))
            first = False
            if len(buffer) >= CHUNK_ROWS:
                yield "".join(buffer)
                buffer = []
        yield "".join(buffer) + "]"
    yield "\n}}\n"


def csv_safe(value) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    if isinstance(value, str | list | dict) and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Sink(io.RawIOBase):
    """A write-only, unseekable file that hands over what was written so far (zipfile streams into it)."""

    def __init__(self):
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks = []
        return data


def export_csv_zip_chunks(*, user: User) -> Iterator[bytes]:
    """A zip with one CSV file per table, streamed: each file is compressed while its rows are read."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        profile = io.StringIO()
        writer = csv.writer(profile)
        writer.writerow(("email", *PROFILE_FIELDS))
        writer.writerow([csv_safe(user.email), *(csv_safe(getattr(user, n)) for n in PROFILE_FIELDS)])
        archive.writestr("profile.csv", profile.getvalue().encode("utf-8-sig"))
        yield sink.take()
        for table in user_tables():
            names = [f.attname for f in table.fields]
            with archive.open(f"{table.label.replace('.', '_')}.csv", mode="w", force_zip64=True) as member:
                text = io.TextIOWrapper(member, encoding="utf-8-sig", newline="")
                writer = csv.writer(text)
                writer.writerow(names)
                for count, row in enumerate(_rows(table=table, user=user), start=1):
                    writer.writerow([csv_safe(row[name]) for name in names])
                    if count % CHUNK_ROWS == 0:
                        text.flush()
                        yield sink.take()
                text.flush()
                text.detach()
            yield sink.take()
    yield sink.take()


# --- Import ---------------------------------------------------------------------------------------------------


def import_parse(*, data: bytes) -> dict:
    if len(data) > IMPORT_MAX_BYTES:
        raise ImportRefused(f"The file is larger than {IMPORT_MAX_BYTES // (1024 * 1024)} MB; nothing was imported.")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ImportRefused("This is not a JSON file Debrief can read; nothing was imported.") from error
    if (
        not isinstance(document, dict)
        or document.get("format") != FORMAT_NAME
        or not isinstance(document.get("tables"), dict)
        or not isinstance(document.get("user"), dict)
    ):
        raise ImportRefused("This file is not a Debrief export; nothing was imported.")
    if document.get("version") != FORMAT_VERSION:
        raise ImportRefused("This export comes from a version of Debrief this one cannot read; nothing was imported.")
    renamed = {old: table.label for table in user_tables() for old in getattr(table.model, "FORMER_EXPORT_LABELS", ())}
    document["tables"] = {renamed.get(label, label): rows for label, rows in document["tables"].items()}
    return document


def _json_kind(field: models.Field) -> tuple[tuple[type, ...], str] | None:
    """The JSON type an export writes this kind of field as (DjangoJSONEncoder), and its name for a message; None for
    a JSON field (its validators decide). Anything else is refused before Django's to_python, which would turn a
    number into a name or raise TypeError on a date given as a list."""
    if isinstance(field, models.JSONField):
        return None
    if isinstance(field, models.BooleanField):
        return (bool,), "true or false"
    if isinstance(field, models.IntegerField):
        return (int,), "a whole number"
    if isinstance(field, models.DecimalField | models.FloatField):
        return (int, float, str), "a number"
    return (str,), "text"


def _clean_value(field: models.Field, value, *, row_label: str):
    """One value of a row, checked with the rules of accounts.bounds and the model field's own (its validators, as
    the forms and the admin check them): every date within the one date policy, one-line text on one line."""
    kind = _json_kind(field)
    if kind is not None and value is not None:
        types, name = kind
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise ImportRefused(
                f"{row_label}: “{field.name}” is not valid (it should be {name}, not {type(value).__name__})."
            )
    try:
        if isinstance(field, models.JSONField):
            cleaned = value
            field.run_validators(value)
            # As a form refuses it (and PostgreSQL could not store it): no null character anywhere in the value.
            if "\\u0000" in json.dumps(value):
                raise ValidationError("Null characters are not allowed.")
        else:
            cleaned = field.to_python(value)
            is_text = isinstance(field, models.CharField | models.TextField)
            if is_text and cleaned in field.empty_values and not field.null:
                cleaned = ""
            if is_text and cleaned:
                ProhibitNullCharactersValidator()(cleaned)
            if isinstance(field, models.CharField) and cleaned and single_line not in field.validators:
                single_line(cleaned)  # every CharField of ours holds one line; long text is a TextField
            if isinstance(field, models.DateField | models.DateTimeField) and cleaned is not None:
                year_in_range(cleaned)
            field.validate(cleaned, None)
            field.run_validators(cleaned)
    except ValidationError as error:
        messages = list(dict.fromkeys(error.messages))
        raise ImportRefused(f"{row_label}: “{field.name}” is not valid ({'; '.join(messages)}).") from error
    except (TypeError, ValueError, OverflowError) as error:  # what to_python lets through on a crafted value
        raise ImportRefused(f"{row_label}: “{field.name}” is not valid.") from error
    if isinstance(cleaned, dt.datetime) and timezone.is_naive(cleaned):
        raise ImportRefused(f"{row_label}: “{field.name}” has a time without a time zone.")
    return cleaned


def _user_id_of(document: dict):
    user_id = document["user"].get("id")
    if isinstance(user_id, bool) or not isinstance(user_id, int):
        raise ImportRefused("The file does not say whose export it is; nothing was imported.")
    return user_id


@transaction.atomic
def data_import(*, user: User, document: dict) -> dict[str, int]:
    """Recreates every row of the file for `user`. Ids in the file are only used to connect rows of the same file;
    every object gets a new id, belongs to `user`, and a reference outside the file refuses the whole import."""
    file_user_id = _user_id_of(document)
    tables = {t.label: t for t in user_tables()}
    unknown = set(document["tables"]) - set(tables)
    if unknown:
        raise ImportRefused(f"The file has tables this Debrief does not know ({', '.join(sorted(unknown))[:200]}).")
    total = sum(len(rows) for rows in document["tables"].values() if isinstance(rows, list))
    if total > IMPORT_MAX_ROWS:
        raise ImportRefused("The file has too many rows to import at once.")

    profile = {name: document["user"].get(name) for name in PROFILE_FIELDS}
    for name, value in profile.items():
        if value is not None:
            setattr(user, name, _clean_value(User._meta.get_field(name), value, row_label="Your profile"))
    user.save(update_fields=[n for n, v in profile.items() if v is not None] or None)

    id_maps: dict[type, dict[int, int]] = {}
    skipped: dict[type, set[int]] = {}
    counts: dict[str, int] = {}
    for table in tables.values():
        rows = document["tables"].get(table.label, [])
        if not table.importable:
            continue
        if not isinstance(rows, list):
            raise ImportRefused(f"The table {table.label} is not a list of rows.")
        counts[table.label] = _import_table(
            table=table, rows=rows, user=user, file_user_id=file_user_id, id_maps=id_maps, skipped=skipped
        )
    return counts


def _import_table(*, table: Table, rows: list, user: User, file_user_id: int, id_maps: dict, skipped: dict) -> int:
    model = table.model
    pk_name = model._meta.pk.attname
    fields = [f for f in table.fields if not f.primary_key]
    # A field added since the file was written: what the data migration that added it gave existing rows.
    added_since = getattr(model, "IMPORT_DEFAULTS", {})
    objects, old_ids = [], []
    for number, row in enumerate(rows, start=1):
        row_label = f"{model._meta.verbose_name.capitalize()} {number}"
        if not isinstance(row, dict):
            raise ImportRefused(f"{row_label} is not a row.")
        old_id = row.get(pk_name)
        if isinstance(old_id, bool) or not isinstance(old_id, int):
            raise ImportRefused(f"{row_label} has no id.")
        values = {}
        try:
            for field in fields:
                value = row.get(field.attname)
                if field.is_relation:
                    values[field.attname] = _map_reference(
                        field,
                        value,
                        user=user,
                        file_user_id=file_user_id,
                        id_maps=id_maps,
                        skipped=skipped,
                        row_label=row_label,
                    )
                elif field.attname in row:
                    values[field.attname] = _clean_value(field, value, row_label=row_label)
                elif field.attname in added_since:
                    values[field.attname] = added_since[field.attname](user)
        except _SkipRow:
            skipped.setdefault(model, set()).add(old_id)
            continue
        objects.append(model(**values))
        old_ids.append(old_id)
    if len(set(old_ids)) != len(old_ids):
        raise ImportRefused(f"The table {table.label} uses the same id twice.")
    owner_field = model._meta.get_field(table.owner_path) if "__" not in table.owner_path else None
    if owner_field is not None and owner_field.one_to_one and objects:
        # One row per user (settings made on first need): the file's values go into the row the account has.
        if len(objects) > 1:
            raise ImportRefused(f"The table {table.label} has more than one row.")
        existing = model._default_manager.filter(**{owner_field.name: user}).first()
        if existing is not None:
            for field in fields:
                if field.attname in rows[0] and not field.is_relation:
                    setattr(existing, field.attname, getattr(objects[0], field.attname))
            existing.save()
            id_maps[model] = {old_ids[0]: existing.pk}
            return 1
    try:
        with transaction.atomic():
            created = model._default_manager.bulk_create(objects, batch_size=CHUNK_ROWS)
    except IntegrityError as error:
        raise ImportRefused(
            f"The {model._meta.verbose_name_plural} in the file clash with each other or with what is already in "
            "your account; nothing was imported."
        ) from error
    id_maps[model] = {old: obj.pk for old, obj in zip(old_ids, created, strict=True)}
    return len(created)


def _map_reference(field, value, *, user, file_user_id, id_maps, skipped, row_label):
    if value is None:
        if field.null:
            return None
        raise ImportRefused(f"{row_label}: “{field.name}” is missing.")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ImportRefused(f"{row_label}: “{field.name}” is not an id.")
    target = field.related_model
    if _is_user_model(target):
        if value == file_user_id:
            return user.pk
        if field.null:  # someone else (a recruiter who arranged it): not carried into another account
            return None
        raise _SkipRow
    mapped = id_maps.get(target, {}).get(value)
    if mapped is None and value in skipped.get(target, ()):
        if field.null and field.remote_field.on_delete is not models.CASCADE:
            return None
        raise _SkipRow
    if mapped is None:
        if field.null and field.remote_field.on_delete is not models.CASCADE:
            return None
        raise ImportRefused(f"{row_label} refers to a {target._meta.verbose_name} that is not in the file.")
    return mapped


# --- Delete ---------------------------------------------------------------------------------------------------


@transaction.atomic
def account_delete(*, user: User) -> dict[str, int]:
    """Removes the user and, by cascade, every row that belongs to them. Returns the rows removed per model."""
    _, per_model = user.delete()
    return per_model


def user_row_counts(*, user: User, tables: Iterable[Table] | None = None) -> dict[str, int]:
    return {t.label: table_rows(table=t, user=user).count() for t in (tables or user_tables())}
