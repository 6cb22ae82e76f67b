"""The search permission policy; the hook through which a higher app links the people found."""

from wagtail import hooks

from .policies import SearchPolicy

# A function(staff_profile) -> URL of that person's page, or "" (competencies registers one).
PERSON_URL_HOOK = "search_person_url"


@hooks.register("register_permission_policy")
def register_policies():
    return [SearchPolicy()]


def person_url(profile):
    for get_url in hooks.get_hooks(PERSON_URL_HOOK):
        url = get_url(profile)
        if url:
            return url
    return ""
