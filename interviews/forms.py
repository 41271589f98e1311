"""Capture forms. They parse and check input; the services in services.py do every write. Each choice field's
queryset is narrowed to the owner's own objects, so a posted id of someone else's object is simply "not a valid
choice"."""

import datetime as dt
import re
import uuid
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.bounds import LIST_ITEM_MAX, LIST_ITEMS_MAX, single_line
from accounts.models import User
from accounts.selectors import linked_recruiters
from accounts.timezones import TimeZoneField

from .models import (
    DEBRIEF_NOTE_MAX,
    DURATION_MAX_MINUTES,
    LONG_TEXT_MAX,
    NOTICE_MAX,
    SALARY_MAX,
    SHORT_TEXT_MAX,
    ClientFeedback,
    Company,
    Debrief,
    Interview,
    NotificationSettings,
    Opportunity,
    Person,
    Question,
    StatedTerms,
    year_in_range,
)
from .selectors import QUESTION_BANK_MAX, BankOrder, companies_owned_by, opportunities_owned_by
from .services import STATED_TERMS_FIELDS, PersonMet, QuestionAsked, earliest_start_check, hear_back_date_check

LONG_TEXT_HELP = f"Up to {LONG_TEXT_MAX:,} characters."
ASCII_INTEGER = re.compile(r"[+-]?[0-9]+")

# The questionnaire (docs/PRODUCT.md D5), in the order the full debrief and the printable worksheet ask it.
DEBRIEF_QUESTIONS = {
    "tone": "What was the tone of the interview?",
    "question_focus": "What did the questions focus on?",
    "opportunity_summary": "How would you sum up the opportunity?",
    "background_that_matters": "Which parts of your background matter most for this role?",
    "went_well": "What went well?",
    "to_improve": "What would you do better next time?",
    "sell_better": "How could you have sold yourself better?",
    "strengths": "Your strengths as a candidate for this role",
    "weaknesses": "Your weaknesses as a candidate for this role",
    "interest": "How interested are you, from 1 to 10?",
    "make_it_ten": "If not a 10, what would make it one?",
    "to_clarify": "Which points need clarifying?",
    "employer_feedback": "What feedback did they give you?",
    "next_steps": "What next steps did they state?",
    "hear_back_date": "When did they promise you would hear back?",
    "improve_chances": "How could you improve your chances?",
    "questions_if_called_back": "What will you ask if they call you back?",
    "overall_rating": "Overall, how well did you do, from 1 to 10?",
    "still_interested": "Still interested after this interview?",
    "still_interested_why": "Why, in a line",
}


class WholeNumberField(forms.IntegerField):
    """A whole number typed with the digits 0–9. Django's own field also takes full-width or other scripts'
    digits ('５'), which would store a number the person never saw on a keypad."""

    default_error_messages = {"invalid": "Enter a whole number using the digits 0–9."}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value not in self.empty_values and not ASCII_INTEGER.fullmatch(str(value).strip()):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class ScoreField(WholeNumberField):
    def __init__(self, **kwargs):
        message = "Give a score from 1 to 10."
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "From 1 (poor) to 10 (excellent).")
        super().__init__(
            min_value=1,
            max_value=10,
            error_messages={"min_value": message, "max_value": message, "invalid": f"{message} Use the digits 0–9."},
            **kwargs,
        )


class OneLineField(forms.CharField):
    """A name, a title, a company, a role, a reason: one line (accounts.bounds.single_line), as the model field and
    the import hold it; a crafted POST with a line break gets a message by the field."""

    default_validators = [single_line]


class LinesField(forms.CharField):
    """A list typed one item per line, stored as a JSON list of strings."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *, max_items: int = LIST_ITEMS_MAX, item_max: int = LIST_ITEM_MAX, **kwargs):
        self.max_items, self.item_max = max_items, item_max
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if "\x00" in text:
            raise ValidationError("Null characters are not allowed.", code="null_characters_not_allowed")
        items = [line.strip() for line in text.splitlines() if line.strip()]
        if len(items) > self.max_items:
            raise ValidationError(f"Keep it to {self.max_items} lines or fewer (you have {len(items)}).")
        too_long = [i + 1 for i, item in enumerate(items) if len(item) > self.item_max]
        if too_long:
            raise ValidationError(f"Line {too_long[0]} is longer than {self.item_max} characters; shorten it.")
        return items


class InRange:
    """A date field that keeps the date-range policy, checked on the value as typed (the local date and time,
    before anything converts it: year 9999 in a zone west of UTC has no UTC)."""

    def to_python(self, value):
        result = super().to_python(value)
        if result is not None:
            year_in_range(result)
        return result


class LocalDateTimeField(InRange, forms.DateTimeField):
    """A date and time typed in the user's own zone (the middleware activates it, so a time that does not exist
    there, in a DST gap, or exists twice, is refused by Django), within the date-range policy."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _NaiveDateTimeField(forms.DateTimeField):
    """Django's date-and-time parsing without its conversion from the active zone: the wall-clock time as typed."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value
        try:
            result = parse_datetime(str(value).strip())
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return result or BaseTemporalField.to_python(self, value)


class WallClockDateTimeField(InRange, _NaiveDateTimeField):
    """A date and time typed on another clock than the user's: the form says which zone (zoned_moment)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def zoned_moment(value: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The moment a wall-clock time names in `zone`, in UTC. A time the clocks skip there (the spring DST gap) or
    pass twice (the autumn overlap) names no single moment and is refused, as Django refuses it in the user's zone."""
    if timezone.is_aware(value):
        return value.astimezone(dt.UTC)
    first, second = value.replace(tzinfo=zone, fold=0), value.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        when = f"{value:%H:%M} on {value.day} {value:%B %Y}"
        skipped = first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != value
        if skipped:
            message = f"{when} does not exist in {zone.key}: the clocks skip it. Choose a time before or after."
        else:
            message = f"{when} happens twice in {zone.key}, as the clocks go back. Choose a time before or after."
        raise ValidationError(message, code="ambiguous_timezone")
    return first.astimezone(dt.UTC)


class DateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlannedDateField(InRange, DateField):
    """A day the candidate plans for, within the date-range policy."""


class LongTextField(forms.CharField):
    """Free text up to LONG_TEXT_MAX. The browser is not told the limit (it would silently cut a paste short);
    the server refuses longer text and keeps it in the box so nothing typed is lost."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", LONG_TEXT_HELP)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)
        self.validators.append(MaxLengthValidator(LONG_TEXT_MAX))


# --- Interviews ------------------------------------------------------------------------------------------------


def quarter_hour_now(*, now: dt.datetime | None = None, zone=None) -> dt.datetime:
    """Now, rounded to the nearest quarter hour on the user's clock (zones with :30 or :45 offsets included)."""
    local = timezone.localtime(now or timezone.now(), zone)
    rounded = local.replace(second=0, microsecond=0) + dt.timedelta(minutes=7, seconds=30)
    rounded -= dt.timedelta(minutes=rounded.minute % 15)
    return rounded.replace(second=0)


# The two usual reasons to open "Log an interview": it just happened (logged on the way out, it started about an hour
# ago), or it is booked ahead (the next working day, at ten).
JUST_HELD_AGO = dt.timedelta(hours=1)
AHEAD_AT = dt.time(10, 0)


def start_default(*, zone: zoneinfo.ZoneInfo, ahead: bool = False, now: dt.datetime | None = None) -> dt.datetime:
    """The start a new interview's form offers, as a wall-clock time in `zone`: an hour ago, rounded to the quarter
    hour, for one just held; the next working day at 10:00 for one booked ahead."""
    now = now or timezone.now()
    if not ahead:
        return quarter_hour_now(now=now - JUST_HELD_AGO, zone=zone).replace(tzinfo=None)
    day = now.astimezone(zone).date() + dt.timedelta(days=1)
    while day.weekday() >= 5:  # Saturday, Sunday
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, AHEAD_AT)


def wall_clock(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """A stored moment as the naive wall-clock time a form shows it in, on `zone`'s clock."""
    return moment.astimezone(zone).replace(tzinfo=None)


def time_zone_field(**kwargs) -> TimeZoneField:
    kwargs.setdefault("label", "Time zone")
    kwargs.setdefault("required", False)
    kwargs.setdefault(
        "help_text", "The zone the time above is in; search by city. Left empty, your own. Deadlines follow it."
    )
    return TimeZoneField(**kwargs)


class ZonedStartMixin:
    """`starts_at` is typed on the clock of the form's `time_zone` (empty: `self.default_zone`); clean() turns it
    into the moment it names, or puts the DST error next to it."""

    default_zone = "UTC"

    def clean(self):
        data = super().clean()
        if not data.get("time_zone") and "time_zone" not in self.errors:
            data["time_zone"] = self.default_zone
        starts_at = data.get("starts_at")
        if starts_at is not None and data.get("time_zone"):
            try:
                data["starts_at"] = zoned_moment(starts_at, zoneinfo.ZoneInfo(data["time_zone"]))
            except ValidationError as error:
                self.add_error("starts_at", error)
        return data


class InterviewFieldsForm(ZonedStartMixin, forms.Form):
    round = forms.ChoiceField(choices=Interview.Round.choices, initial=Interview.Round.FIRST)
    round_number = WholeNumberField(
        label="Meeting number in this round",
        min_value=1,
        max_value=20,
        initial=1,
        help_text="1 unless this round has several meetings.",
    )
    format = forms.ChoiceField(choices=Interview.Format.choices, initial=Interview.Format.VIDEO)
    starts_at = WallClockDateTimeField(label="Starts at", help_text="On the clock of the time zone below.")
    time_zone = time_zone_field()
    duration_minutes = WholeNumberField(
        label="Duration in minutes",
        min_value=1,
        max_value=DURATION_MAX_MINUTES,
        initial=60,
        help_text=f"From 1 to {DURATION_MAX_MINUTES} minutes.",
    )
    location = OneLineField(
        label="Place or meeting link", max_length=500, required=False, help_text="Up to 500 characters."
    )
    arranged_by = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Arranged by",
        empty_label="Nobody: I arranged it myself",
        help_text="A recruiter linked to your account.",
    )
    agency_name = OneLineField(
        label="Or an outside agency", max_length=SHORT_TEXT_MAX, required=False, help_text="Its name, if one set it up."
    )
    is_private = forms.BooleanField(
        label="Keep private from recruiters", required=False, help_text="No recruiter will see this interview."
    )

    def __init__(self, *args, owner: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.default_zone = owner.time_zone
        self.fields["arranged_by"].queryset = linked_recruiters(candidate=owner)
        self.fields["time_zone"].widget.attrs["placeholder"] = owner.time_zone

    def interview_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in InterviewFieldsForm.base_fields}


class InterviewLogForm(InterviewFieldsForm):
    """Log an interview, choosing or creating its company and role on the same page. `ahead`: it is booked for
    later (the start offered is the next working day), else it was just held (an hour ago)."""

    opportunity = forms.ModelChoiceField(
        queryset=Opportunity.objects.none(),
        required=False,
        label="A role you already track",
        empty_label="None: a new role",
    )
    company = forms.ModelChoiceField(
        queryset=Company.objects.none(), required=False, label="Company", empty_label="A new company"
    )
    new_company_name = OneLineField(
        label="New company's name", max_length=SHORT_TEXT_MAX, required=False, help_text="If it is not in the list."
    )
    role_title = OneLineField(label="Role", max_length=SHORT_TEXT_MAX, required=False, help_text="The job title.")
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    field_order = ["opportunity", "company", "new_company_name", "role_title"]

    def __init__(
        self,
        *args,
        owner: User,
        now: dt.datetime | None = None,
        ahead: bool = False,
        opportunity: Opportunity | None = None,
        next_round: str = "",
        **kwargs,
    ):
        super().__init__(*args, owner=owner, **kwargs)
        self.fields["opportunity"].queryset = (
            opportunities_owned_by(user=owner)
            .filter(status__in=Opportunity.OPEN_STATUSES)
            .select_related("company")
            .order_by("company__name", "role_title")
        )
        # Only what an option shows: a candidate with a thousand companies reads a thousand rows on every visit.
        self.fields["company"].queryset = companies_owned_by(user=owner).only("pk", "name")
        if not self.is_bound:
            self.initial.setdefault("starts_at", start_default(zone=owner.zone, ahead=ahead, now=now))
            self.initial.setdefault("time_zone", owner.time_zone)
            self.initial.setdefault("submission_token", uuid.uuid4())
            if opportunity is not None:
                self.initial.setdefault("opportunity", opportunity.pk)
            if next_round:
                self.initial.setdefault("round", next_round)

    def clean(self):
        data = super().clean()
        if data.get("opportunity"):
            return data
        company, new_name = data.get("company"), (data.get("new_company_name") or "").strip()
        if company and new_name:
            self.add_error("new_company_name", "Choose a company from the list or type a new name, not both.")
        elif not company and not new_name and "new_company_name" not in self.errors:
            self.add_error("new_company_name", "Choose a company from the list or type its name.")
        if not (data.get("role_title") or "").strip() and "role_title" not in self.errors:
            self.add_error("role_title", "Type the role you interviewed for, or choose one you already track.")
        return data


class InterviewEditForm(InterviewFieldsForm):
    opportunity = forms.ModelChoiceField(queryset=Opportunity.objects.none(), label="Role")

    field_order = ["opportunity"]

    def __init__(self, *args, owner: User, instance: Interview, **kwargs):
        """Like a ModelForm's, the initial values come from the interview (`instance`); the service writes it. The
        time is shown on the interview's own clock."""
        initial = {name: getattr(instance, name) for name in InterviewFieldsForm.base_fields}
        initial.update(
            arranged_by=instance.arranged_by_id,
            opportunity=instance.opportunity_id,
            starts_at=wall_clock(instance.starts_at, instance.zone),
        )
        super().__init__(*args, owner=owner, initial={**initial, **kwargs.pop("initial", {})}, **kwargs)
        self.default_zone = instance.time_zone
        self.fields["opportunity"].queryset = opportunities_owned_by(user=owner).select_related("company")


class InterviewRescheduleForm(ZonedStartMixin, forms.Form):
    """A new time for an interview (or its first new date after it was postponed), on the clock of its zone."""

    starts_at = WallClockDateTimeField(label="New time", help_text="On the clock of the time zone below.")
    time_zone = time_zone_field()
    duration_minutes = WholeNumberField(
        label="Duration in minutes",
        min_value=1,
        max_value=DURATION_MAX_MINUTES,
        help_text=f"From 1 to {DURATION_MAX_MINUTES} minutes.",
    )
    reason = OneLineField(
        label="Why it moved (optional)", max_length=SHORT_TEXT_MAX, required=False, help_text="For your history."
    )

    def __init__(self, *args, interview: Interview, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_zone = interview.time_zone
        if not self.is_bound:
            self.initial.update(
                starts_at=wall_clock(interview.starts_at, interview.zone),
                time_zone=interview.time_zone,
                duration_minutes=interview.duration_minutes,
            )


class InterviewCallOffForm(forms.Form):
    """Cancelled (by them or by me) or postponed: what happened to an interview that will not take place."""

    what = forms.ChoiceField(
        label="What happened",
        widget=forms.RadioSelect,
        choices=[
            ("cancelled_by_them", "They cancelled it"),
            ("cancelled_by_me", "I cancelled it"),
            ("postponed", "It is postponed: they will give a new date"),
        ],
        error_messages={"required": "Choose what happened to the interview."},
    )
    reason = OneLineField(
        label="Reason (optional)", max_length=SHORT_TEXT_MAX, required=False, help_text="In a line, for your history."
    )


class NextRoundForm(ZonedStartMixin, forms.Form):
    """The next round of an opportunity: when (on its own clock: the last round's zone unless changed), how, and
    who (the last round's people, ticked; untick anyone not on the new panel)."""

    starts_at = WallClockDateTimeField(label="When is the next round?", help_text="On the clock of the zone below.")
    time_zone = time_zone_field(help_text="The zone that time is in; search by city. Left empty, the last round's.")
    duration_minutes = WholeNumberField(
        label="How long (minutes)", min_value=1, max_value=DURATION_MAX_MINUTES, initial=60
    )
    format = forms.ChoiceField(label="Format", choices=Interview.Format.choices, initial=Interview.Format.VIDEO)
    people = forms.ModelMultipleChoiceField(
        label="Who you will meet again",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The people of the last round; add anyone new on the interview page.",
    )

    def __init__(self, *args, interview: Interview, people: list[Person], now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_zone = interview.time_zone
        self.fields["people"].queryset = Person.objects.filter(pk__in=[p.pk for p in people]).order_by("name", "pk")
        if not self.is_bound:
            self.initial.update(
                starts_at=start_default(zone=interview.zone, ahead=True, now=now),
                time_zone=interview.time_zone,
                duration_minutes=interview.duration_minutes,
                format=interview.format,
                people=[p.pk for p in people],
            )


# --- Debriefs --------------------------------------------------------------------------------------------------


class DebriefFormMixin:
    def __init__(self, *args, interview: Interview, **kwargs):
        super().__init__(*args, **kwargs)
        self.interview = interview
        for name, field in self.fields.items():
            if name in DEBRIEF_QUESTIONS:
                field.label = DEBRIEF_QUESTIONS[name]

    def clean_hear_back_date(self):
        value = self.cleaned_data.get("hear_back_date")
        hear_back_date_check(interview=self.interview, hear_back_date=value)
        return value

    def debrief_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def debrief_base_field() -> forms.CharField:
    """What the form was shown (selectors.debrief_fingerprints), so a save can tell what changed elsewhere since."""
    return forms.CharField(required=False, widget=forms.HiddenInput)


def still_interested_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=Debrief.StillInterested.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Your recruiter sees this answer first.",
    )


def still_interested_why_field() -> forms.CharField:
    return OneLineField(required=False, max_length=SHORT_TEXT_MAX, help_text=f"Up to {SHORT_TEXT_MAX} characters.")


class DebriefQuickForm(DebriefFormMixin, forms.ModelForm):
    """The essentials, on a phone, in two minutes."""

    base = debrief_base_field()
    still_interested = still_interested_field()
    still_interested_why = still_interested_why_field()
    interest = ScoreField()
    went_well = LinesField(help_text="One per line. Aim for five or six, small things count.")
    to_improve = LinesField(max_items=5, help_text="One or two, one per line.")
    next_steps = LongTextField(widget=forms.Textarea(attrs={"rows": 2}))
    hear_back_date = DateField(required=False, help_text="Leave empty if they gave no date.")

    class Meta:
        model = Debrief
        fields = [
            "still_interested",
            "still_interested_why",
            "interest",
            "went_well",
            "to_improve",
            "next_steps",
            "hear_back_date",
        ]


class DebriefFullForm(DebriefFormMixin, forms.ModelForm):
    """Every question of the debrief (docs/PRODUCT.md D5), plus what to learn (D7)."""

    base = debrief_base_field()
    went_well = LinesField(help_text="One per line. Aim for five or six, small things count.")
    to_improve = LinesField(max_items=5, help_text="One or two, one per line.")
    interest = ScoreField()
    overall_rating = ScoreField()
    still_interested = still_interested_field()
    still_interested_why = still_interested_why_field()
    hear_back_date = DateField(required=False, help_text="Leave empty if they gave no date.")
    learning = LinesField(
        label="Skills or tools to learn",
        max_items=20,
        item_max=SHORT_TEXT_MAX,
        help_text="What this interview showed you lack, one per line. It becomes a checklist on the interview page.",
    )

    class Meta:
        model = Debrief
        fields = list(DEBRIEF_QUESTIONS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in DEBRIEF_QUESTIONS:
            field = self.fields[name]
            if isinstance(field.widget, forms.Textarea) and not isinstance(field, LinesField):
                field.widget.attrs.update({"rows": 3})
                field.help_text = LONG_TEXT_HELP

    def debrief_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in DEBRIEF_QUESTIONS}


# --- Rows: people met and questions ----------------------------------------------------------------------------


class RowForm(forms.Form):
    content_fields: tuple[str, ...] = ()

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) not in (None, "", []) for name in self.content_fields)

    @property
    def marked_for_deletion(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get(forms.formsets.DELETION_FIELD_NAME))


class RowFormSet(forms.BaseFormSet):
    """A formset whose rows are added, removed and moved by static/js/interviews.js (hidden ORDER and DELETE)."""

    ordering_widget = forms.HiddenInput
    deletion_widget = forms.HiddenInput

    def kept_forms(self) -> list[RowForm]:
        """The rows to save, in the order shown on the page: not removed, not left blank."""
        kept = [
            (index, form)
            for index, form in enumerate(self.forms)
            if not self._should_delete_form(form) and not form.is_blank()
        ]
        kept.sort(key=lambda pair: (pair[1].cleaned_data.get("ORDER") or 10_000 + pair[0], pair[0]))
        return [form for _, form in kept]


class PersonMetForm(RowForm):
    content_fields = ("person", "name", "title", "part")

    person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label="Someone you met before", empty_label="Someone new"
    )
    name = OneLineField(label="Name", max_length=SHORT_TEXT_MAX, required=False)
    title = OneLineField(label="Job title", max_length=SHORT_TEXT_MAX, required=False)
    part = OneLineField(
        label="Their part", max_length=SHORT_TEXT_MAX, required=False, help_text="For example hiring manager, panel."
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else Person.objects.none()

    def clean(self):
        data = super().clean()
        missing_name = not data.get("person") and not (data.get("name") or "").strip()
        if not self.is_blank() and missing_name and "name" not in self.errors:
            self.add_error("name", "Type their name, or choose someone you met before.")
        return data


class QuestionForm(RowForm):
    content_fields = ("text", "answer_summary", "self_score", "topic", "asked_by")

    question = forms.ModelChoiceField(queryset=Question.objects.none(), required=False, widget=forms.HiddenInput)
    text = OneLineField(label="Question", max_length=1000, required=False, help_text="Up to 1,000 characters.")
    asked_by = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label="Asked by", empty_label="Not noted"
    )
    answer_summary = LongTextField(label="Your answer, in short", widget=forms.Textarea(attrs={"rows": 2}))
    self_score = ScoreField(label="Your score", help_text="1 to 10.")
    topic = OneLineField(label="Topic", max_length=SHORT_TEXT_MAX, required=False)

    def __init__(self, *args, people=None, questions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asked_by"].queryset = people if people is not None else Person.objects.none()
        self.fields["question"].queryset = questions if questions is not None else Question.objects.none()

    def clean(self):
        data = super().clean()
        if not self.is_blank() and not (data.get("text") or "").strip() and "text" not in self.errors:
            self.add_error("text", "Type the question, or remove this row.")
        return data


def _row_formset(form, max_num):
    return forms.formset_factory(
        form,
        formset=RowFormSet,
        extra=1,
        can_order=True,
        can_delete=True,
        max_num=max_num,
        absolute_max=max_num * 2,
        validate_max=True,
    )


PeopleMetFormSet = _row_formset(PersonMetForm, 30)
QuestionFormSet = _row_formset(QuestionForm, 50)


def people_met_entries(formset: RowFormSet) -> list[PersonMet]:
    return [
        PersonMet(
            person=form.cleaned_data.get("person"),
            name=form.cleaned_data.get("name", ""),
            title=form.cleaned_data.get("title", ""),
            part=form.cleaned_data.get("part", ""),
        )
        for form in formset.kept_forms()
    ]


def question_entries(formset: RowFormSet) -> list[QuestionAsked]:
    return [
        QuestionAsked(
            question=form.cleaned_data.get("question"),
            text=form.cleaned_data["text"],
            asked_by=form.cleaned_data.get("asked_by"),
            answer_summary=form.cleaned_data.get("answer_summary", ""),
            self_score=form.cleaned_data.get("self_score"),
            topic=form.cleaned_data.get("topic", ""),
        )
        for form in formset.kept_forms()
    ]


def people_met_initial(interview: Interview) -> list[dict]:
    return [{"person": row.person_id, "part": row.part} for row in interview.participants.all()]


def questions_initial(interview: Interview) -> list[dict]:
    return [
        {
            "question": q.pk,
            "text": q.text,
            "asked_by": q.asked_by_id,
            "answer_summary": q.answer_summary,
            "self_score": q.self_score,
            "topic": q.topic,
        }
        for q in interview.questions.all()
    ]


# --- Opportunities, companies, people --------------------------------------------------------------------------


class OpportunityFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=SHORT_TEXT_MAX)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Opportunity.Status.choices]
    )
    company = forms.ModelChoiceField(
        queryset=Company.objects.none(), required=False, label="Company", empty_label="Any company"
    )

    def __init__(self, *args, owner: User, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what an option shows: a candidate with a thousand companies reads a thousand rows on every visit.
        self.fields["company"].queryset = companies_owned_by(user=owner).only("pk", "name")


class OpportunityStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=Opportunity.Status.choices)


class OpportunityForm(forms.ModelForm):
    job_description = LongTextField(label="Job description", widget=forms.Textarea(attrs={"rows": 6}))
    job_link = forms.URLField(label="Link to the job advert", max_length=500, required=False, assume_scheme="https")
    recruiter = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Recruiter", empty_label="None"
    )

    class Meta:
        model = Opportunity
        fields = [
            "role_title",
            "job_description",
            "job_link",
            "source",
            "recruiter",
            "agency_name",
            "agency_contact_name",
            "agency_contact_email",
        ]
        labels = {
            "role_title": "Role",
            "source": "How you came to it",
            "agency_name": "Agency's name",
            "agency_contact_name": "Your contact at the agency",
            "agency_contact_email": "Their email",
        }
        help_texts = {"agency_contact_email": "Thank-you notes sent through the recruiter are addressed to them."}

    def __init__(self, *args, owner: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recruiter"].queryset = linked_recruiters(candidate=owner)

    def clean(self):
        data = super().clean()
        if data.get("source") == Opportunity.Source.RECRUITER and not data.get("recruiter"):
            self.add_error("recruiter", "Choose the linked recruiter, or pick another source.")
        if data.get("source") == Opportunity.Source.AGENCY and not (data.get("agency_name") or "").strip():
            self.add_error("agency_name", "Type the agency's name, or pick another source.")
        return data


class OpportunityAddForm(OpportunityForm):
    """An opportunity before any interview (docs/PRODUCT.md D2): on the wishlist or applied for."""

    company = forms.ModelChoiceField(
        queryset=Company.objects.none(), required=False, label="Company", empty_label="A new company"
    )
    new_company_name = OneLineField(
        label="New company's name", max_length=SHORT_TEXT_MAX, required=False, help_text="If it is not in the list."
    )
    status = forms.ChoiceField(
        label="Where it stands",
        widget=forms.RadioSelect,
        choices=[
            (Opportunity.Status.WISHLIST, "On my wishlist: I have not applied yet"),
            (Opportunity.Status.APPLIED, "I have applied"),
        ],
        initial=Opportunity.Status.APPLIED,
        error_messages={"required": "Choose whether you have applied yet."},
    )

    field_order = ["company", "new_company_name", "role_title", "status"]

    def __init__(self, *args, owner: User, **kwargs):
        super().__init__(*args, owner=owner, **kwargs)
        # Only what an option shows: a candidate with a thousand companies reads a thousand rows on every visit.
        self.fields["company"].queryset = companies_owned_by(user=owner).only("pk", "name")
        self.order_fields(self.field_order)

    def clean(self):
        data = super().clean()
        company, new_name = data.get("company"), (data.get("new_company_name") or "").strip()
        if company and new_name:
            self.add_error("new_company_name", "Choose a company from the list or type a new name, not both.")
        elif not company and not new_name and "new_company_name" not in self.errors:
            self.add_error("new_company_name", "Choose a company from the list or type its name.")
        return data


class PersonForm(forms.ModelForm):
    responsibilities = LongTextField(label="What their job covers")
    notes = LongTextField(label="Notes")

    class Meta:
        model = Person
        fields = ["name", "title", "responsibilities", "email", "phone", "notes"]
        labels = {"title": "Job title"}


class CompanyForm(forms.ModelForm):
    website = forms.URLField(label="Website", max_length=500, required=False, assume_scheme="https")
    notes = LongTextField(label="Notes", widget=forms.Textarea(attrs={"rows": 5}))

    class Meta:
        model = Company
        fields = ["name", "website", "location", "notes"]


class DebriefNoteForm(forms.Form):
    text = forms.CharField(
        label="Your note to the candidate",
        max_length=DEBRIEF_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"They see it with this debrief and are emailed a copy. Up to {DEBRIEF_NOTE_MAX:,} characters.",
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError("Write something before saving the note.")
        return text


class ClientFeedbackForm(forms.ModelForm):
    """The client's decision, score and words on one interview, as the recruiter heard them (PRODUCT.md R6)."""

    class Meta:
        model = ClientFeedback
        fields = ["decision", "score", "feedback"]
        error_messages = {"score": {"min_value": "A score from 1 to 10.", "max_value": "A score from 1 to 10."}}


class NotificationSettingsForm(forms.ModelForm):
    """A candidate chooses about recruiters' notes, a recruiter about completed debriefs."""

    class Meta:
        model = NotificationSettings
        fields = ["email_on_recruiter_note", "email_on_debrief_complete", "check_in_after_interview"]

    RECRUITER_ONLY = ("email_on_debrief_complete", "check_in_after_interview")

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("email_on_recruiter_note",) if user.is_recruiter else self.RECRUITER_ONLY:
            del self.fields[name]


# --- Prepare for the next round ---------------------------------------------------------------------------------


class StatedTermsForm(forms.ModelForm):
    """What the candidate stated at one interview (PRODUCT.md D8). Every value is optional."""

    salary_amount = WholeNumberField(
        label="Salary expectation you stated",
        required=False,
        min_value=0,
        max_value=SALARY_MAX,
        help_text="A whole number, for example 75000. Leave empty if it did not come up.",
    )
    salary_currency = forms.CharField(
        label="Currency", required=False, max_length=3, help_text="Three letters, for example EUR, GBP, USD."
    )
    notice_amount = WholeNumberField(
        label="Notice period you stated",
        required=False,
        min_value=0,
        max_value=NOTICE_MAX,
        help_text=f"0 if you can start straight away; at most {NOTICE_MAX}.",
    )
    earliest_start = PlannedDateField(label="Earliest start you stated", required=False)
    other_processes_count = WholeNumberField(
        label="Other processes you said you had in play",
        required=False,
        min_value=0,
        max_value=50,
        help_text="How many, as you told them.",
    )

    class Meta:
        model = StatedTerms
        fields = list(STATED_TERMS_FIELDS)
        labels = {
            "salary_period": "Per",
            "salary_note": "About the salary",
            "notice_unit": "In",
            "relocation": "Relocation",
            "other_processes": "What you said about them",
        }
        help_texts = {
            "salary_note": f"For example a range, bonus, or negotiable. Up to {SHORT_TEXT_MAX} characters.",
            "other_processes": f"For example two others, one at the final round. Up to {SHORT_TEXT_MAX} characters.",
        }

    def __init__(self, *args, interview: Interview, **kwargs):
        super().__init__(*args, **kwargs)
        self.interview = interview
        self.fields["relocation"].choices = [("", "Did not come up"), *StatedTerms.Relocation.choices]

    def clean_salary_currency(self):
        currency = self.cleaned_data["salary_currency"].strip().upper()
        if currency and not re.fullmatch(r"[A-Z]{3}", currency):
            raise ValidationError("Three letters, for example EUR, GBP or USD.")
        return currency

    def clean_earliest_start(self):
        value = self.cleaned_data.get("earliest_start")
        earliest_start_check(interview=self.interview, earliest_start=value)
        return value

    def stated_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class QuestionBankFilterForm(forms.Form):
    topic = forms.ChoiceField(label="Topic", required=False)
    order = forms.ChoiceField(label="Order", required=False, choices=BankOrder.choices)
    practise = forms.BooleanField(label="Only those to practise", required=False)

    def __init__(self, *args, topics: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "Any topic"), *((t, t) for t in topics)]


class IdsField(forms.ModelMultipleChoiceField):
    """Several rows by id. An id that is not a whole number a database column can hold is "not a valid choice"
    (Django's own field hands it to an IN lookup, which SQLite refuses with an OverflowError)."""

    widget = forms.MultipleHiddenInput

    def _check_values(self, value):
        for pk in value:
            if not (isinstance(pk, str) and ASCII_INTEGER.fullmatch(pk) and 0 < int(pk) < 2**63):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class QuestionPractiseForm(forms.Form):
    """Flags a group of the bank: every time asked it shows, among the owner's own questions."""

    questions = IdsField(queryset=Question.objects.none())
    practise = forms.BooleanField(required=False)

    def __init__(self, *args, owner: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = Question.objects.filter(interview__owner=owner)

    def clean_questions(self):
        questions = self.cleaned_data["questions"]
        if len(questions) > QUESTION_BANK_MAX:
            raise ValidationError("Too many questions at once.")
        return questions


class QuestionTypedForm(forms.Form):
    """The question being typed in the full debrief, and the interview it is for (left out of the answers)."""

    q = forms.CharField(required=False, max_length=1000, strip=True)
    interview = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


class PlannedQuestionForm(forms.Form):
    debrief = forms.ModelChoiceField(queryset=Debrief.objects.none(), widget=forms.HiddenInput)
    text = forms.CharField(max_length=LONG_TEXT_MAX, widget=forms.HiddenInput)
    answered = forms.BooleanField(required=False)

    def __init__(self, *args, opportunity: Opportunity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["debrief"].queryset = Debrief.objects.filter(
            interview__opportunity=opportunity, interview__owner_id=opportunity.owner_id
        )
