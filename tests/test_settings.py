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


def test_related_coverage_takes_its_time_scale_and_refresh_limit_from_the_environment():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from articles.related import conf; "
        "print(conf.RELATED_TIME_SCALE_DAYS, conf.RELATED_REFRESH_MAX)",
        RELATED_TIME_SCALE_DAYS="7.5",
        RELATED_REFRESH_MAX="12",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["7.5", "12"]


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
