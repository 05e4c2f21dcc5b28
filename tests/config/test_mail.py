from django.core.mail import send_mail


def test_the_embedded_mail_backend_keeps_each_message_in_a_file_and_echoes_it(settings, tmp_path, capsys):
    settings.EMAIL_BACKEND = "config.mail.FileAndConsoleEmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")

    sent = send_mail("Reset your password", "Follow the link.", "ruqsat@example.org", ["aizhan@example.org"])

    assert sent == 1
    files = list((tmp_path / "mail").iterdir())
    assert len(files) == 1
    assert "Subject: Reset your password" in files[0].read_text()
    assert "Subject: Reset your password" in capsys.readouterr().out
