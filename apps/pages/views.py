from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


def home(request):
    return render(request, "pages/home.html")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # No context processors or database: whatever broke may be the database itself.
    return HttpResponseServerError(loader.get_template("500.html").render({"site_name": "IAU Portal"}))
