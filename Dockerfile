# One image for web (gunicorn), worker and beat. Build: docker-compose build (or docker build -t debrief .)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

WORKDIR /app

RUN useradd --create-home --uid 1000 --user-group --shell /usr/sbin/nologin debrief

# Dependencies first, so a code change does not reinstall them: pyproject.toml plus empty package folders are
# enough for pip to resolve and install everything; the real code is copied over them below.
COPY pyproject.toml README.md ./
RUN mkdir -p config accounts interviews followups \
    && for p in config accounts interviews followups; do touch "$p/__init__.py"; done \
    && pip install . \
    && pip uninstall -y debrief \
    && rm -rf config accounts interviews followups build *.egg-info

COPY . .
RUN pip install --no-deps . && rm -rf build *.egg-info

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
