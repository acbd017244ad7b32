// The invitation mail's link carries its token after '#' (so that it reaches no server log): put it in the form,
// and take it out of the address bar. Without script, the invitee pastes the token the mail also gives.
const field = document.querySelector('#invitation-form input[name=token]:not([type=hidden])');
const token = new URLSearchParams(location.hash.slice(1)).get('token');
if (field && token) {
  field.value = token;
  history.replaceState(null, '', location.pathname + location.search);
  document.getElementById('name')?.focus();
}
