"""Impact case studies (REF style): one or several impacts written up in the five sections a funder or
the REF panel reads, with versions kept, a Word export and a printable page."""
