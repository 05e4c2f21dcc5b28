"""Preparing a filing (issue 17, item 3): the notification (picket, meeting, rally: Law 333-VI
Art. 10) or the application for approval (march, demonstration: Art. 12), checked against what the
law asks for and written as a Word file in Russian or Kazakh.

- requirements.py: what a filing must contain, as data (requirements.yaml), read and checked;
- answers.py: the interview's answers, their one set of rules (the page's form and the API's
  serializer both call them), and the answers completed from the application;
- check.py: what is missing, the last day to file and the working days left (pure);
- document.py: the document's text in the light markup of config.docx_export (pure but for the
  catalogues, switched to the document's language);
- services.py: filing_prepare(), the one verb the page and the API call.
"""
