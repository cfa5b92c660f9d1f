// Loaded at the top of <body> (no inline scripts: the Content Security Policy forbids them).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
