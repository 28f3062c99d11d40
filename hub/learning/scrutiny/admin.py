VIEWSETS: tuple = ()
