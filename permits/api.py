extra_urls = []


def register(router):
    pass
