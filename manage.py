#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # On a developer's checkout nothing is configured: run management commands with the development
    # settings rather than stop on the missing SECRET_KEY. A server never starts this way: gunicorn
    # and Celery load config.settings directly, which refuses to start without a SECRET_KEY.
    if not any(name in os.environ for name in ("SECRET_KEY", "DEBUG")):
        os.environ["DEBUG"] = "1"
        print("manage.py: no SECRET_KEY or DEBUG set, using development settings (DEBUG=1).", file=sys.stderr)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
