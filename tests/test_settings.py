from tests.manage import manage


def run_check(**env):
    return manage("check", **env)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check(DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="news.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false" in result.stderr


def test_production_starts_with_a_secret_key():
    result = run_check(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="news.example.org",
    )
    assert result.returncode == 0, result.stderr


def test_a_malformed_debug_flag_is_a_clear_error():
    result = run_check(DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_media_on_a_cdn_is_admitted_by_the_content_security_policy():
    shown = manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])",
        NEWSROOM_MEDIA_URL="https://media.news.example.org/",
        NEWSROOM_IMAGE_ORIGINS="https://images.example.net",
    )
    assert shown.returncode == 0, shown.stderr
    assert (
        "'self'\", 'https://images.example.net', 'https://media.news.example.org'"
        in shown.stdout
    )
