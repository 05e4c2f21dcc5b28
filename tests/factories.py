"""factory-boy factories shared by the whole suite."""

import datetime as dt

import factory
from django.utils import timezone

from accounts.models import User
from organizations.models import Membership, Organization
from permits.models import Applicant, Authority, Jurisdiction, PermitApplication, RefusalReason, TimelineEntry

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name")
    password = factory.django.Password(PASSWORD)
    language = "en"

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        """`UserFactory(verified_email=True)`: the address is verified, as log-in through the form
        requires (ACCOUNT_EMAIL_VERIFICATION = "mandatory"). Off by default: force_login needs none."""
        if create and extracted:
            verify_email(user)


def verify_email(user, email: str | None = None):
    """Give `user` a verified address (allauth's EmailAddress): what log-in through the form
    (ACCOUNT_EMAIL_VERIFICATION = "mandatory") and an emailed invitation ask of the account. Returns the user."""
    from allauth.account.models import EmailAddress

    email = email or user.email
    if email:
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": email == user.email}
        )
    return user


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Group {n}")
    kind = Organization.Kind.GROUP
    city = "Almaty"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.MEMBER


def almaty():
    return Jurisdiction.objects.get(code="KZ-ALA")


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ("jurisdiction", "name")

    name = "Akimat of Almaty city"
    jurisdiction = factory.LazyFunction(almaty)
    organization = None
    # A group's own addition waits in the editors' queue (Authority.add_for_group).
    review_status = factory.LazyAttribute(lambda a: Authority.Review.PENDING if a.organization else "")


class PermitApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PermitApplication
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"March for equal rights {n}")
    event_type = "march"
    purpose = "Equal rights for women"
    organization = factory.SubFactory(OrganizationFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=60))
    ends_at = factory.LazyAttribute(lambda a: a.starts_at + dt.timedelta(hours=2))
    location = "Republic Square, Almaty"
    route = ""
    expected_participants = 300
    authority = factory.SubFactory(AuthorityFactory)
    channel = "in_person"

    @factory.post_generation
    def co_organizers(self, create, extracted, **kwargs):
        if create and extracted:
            self.co_organizers.set(extracted)

    @factory.post_generation
    def applicants(self, create, extracted, **kwargs):
        if create and extracted:
            for position, name in enumerate(extracted):
                Applicant.objects.create(application=self, name=name, position=position)


def filed_application(*, filed_on=None, by=None, **kwargs) -> PermitApplication:
    application = PermitApplicationFactory(**kwargs)
    application.file(on=filed_on or timezone.localdate(), by=by)
    return application


def refused_application(*, decided_on=None, reasons=("conflicting_event",), by=None, **kwargs):
    application = filed_application(by=by, **kwargs)
    decided_on = decided_on or application.filed_on
    application.record_decision(
        outcome="refused",
        decided_on=decided_on,
        received_on=decided_on,
        by=by,
        grounds=[
            {"reason": RefusalReason.objects.get(code=code), "quote": f"Quoted words for {code}"} for code in reasons
        ],
    )
    return application


class TimelineEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEntry

    application = factory.SubFactory(PermitApplicationFactory)
    kind = TimelineEntry.Kind.MEETING
    summary = "Meeting at the akimat"
    happened_on = factory.LazyFunction(timezone.localdate)


def site_editor(username="editor", *, is_staff=False, **kwargs) -> User:
    """A person with the site editors' permission (permits.models.EDIT_REFERENCE_DATA): the only
    people who change the shared reference data, in the API and (when staff) in the admin."""
    from django.contrib.auth.models import Permission

    user = UserFactory(username=username, is_staff=is_staff, **kwargs)
    user.user_permissions.add(Permission.objects.get(codename="edit_reference_data", content_type__app_label="permits"))
    return User.objects.get(pk=user.pk)  # a fresh instance: the permission cache starts empty
