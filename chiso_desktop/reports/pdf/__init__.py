"""PDF reports in the Decree 30/2020/NĐ-CP layout: plain data in, PDF bytes out.

Nothing here reads the database; the caller gathers the records defined in
:mod:`chiso_desktop.reports.pdf.data` and picks a builder from
:data:`chiso_desktop.reports.pdf.forms.FORMS`.
"""
