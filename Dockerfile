# One image for web (gunicorn), worker and beat. Build: docker-compose build (or docker build -t debrief .)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

WORKDIR /app

RUN useradd --create-home --uid 1000 --user-group --shell /usr/sbin/nologin debrief

# Dependencies first, so a code change does not reinstall them: exactly what uv.lock pins for production (no dev
# extra), every file checked against its hash. uv itself is a build tool here, installed beside the system Python
# at the version the lock pins; the app runs from /opt/venv.
ENV VIRTUAL_ENV=/opt/venv \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    PATH=/opt/venv/bin:$PATH
COPY pyproject.toml uv.lock ./
RUN pip install "uv==$(sed -n '/^name = "uv"$/{n;s/^version = "\(.*\)"$/\1/p;}' uv.lock)" \
    && python -m venv /opt/venv \
    && uv sync --locked --no-install-project --no-cache --python /opt/venv/bin/python

COPY . .

# Static files are collected at build time with production settings (whitenoise serves them, hashed and
# compressed). The secret is a random throwaway that exists only in this one command; the real one comes from
# the environment at run time.
RUN DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput -v 0 \
    && rm -f /tmp/build.sqlite3 \
    && mkdir -p var/mail \
    && chown -R debrief:debrief var

USER debrief

EXPOSE 8000

# The web process: bring the schema up to date, then serve. Worker and beat override the command
# (see docker-compose.yml). Python modules run from /app, so the code in /app is the code that runs.
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py createcachetable && exec gunicorn config.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --access-logfile - --forwarded-allow-ips '*'"]
