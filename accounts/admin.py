from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.sites.models import Site

from .models import LinkInvitation, RecruiterLink, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "role", "time_zone", "is_active", "date_joined"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["display_name", "role", "time_zone"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(RecruiterLink)
class RecruiterLinkAdmin(admin.ModelAdmin):
    list_display = ["candidate", "recruiter", "status", "invited_by", "accepted_at", "revoked_at"]
    list_filter = ["status"]
    search_fields = ["candidate__email", "recruiter__email"]
    raw_id_fields = ["candidate", "recruiter", "invited_by"]
    readonly_fields = ["created_at"]


@admin.register(LinkInvitation)
class LinkInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "inviter", "direction", "status", "created_at", "expires_at", "accepted_at"]
    list_filter = ["status", "direction"]
    search_fields = ["email", "inviter__email"]
    raw_id_fields = ["inviter", "accepted_by"]
    # The nonce is half of the emailed token; it is never shown, so the admin cannot leak a working link.
    exclude = ["nonce"]
    readonly_fields = ["created_at", "accepted_at", "accepted_by", "closed_at"]

    def has_add_permission(self, request):
        # Invitations are made by accounts.services.link_invitation_create, which also emails the link.
        return False


# The site's name and domain come from SITE_URL (accounts.apps.site_from_settings); an edit here would be undone by
# the next migrate, so there is nothing to edit.
admin.site.unregister(Site)
