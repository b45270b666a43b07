import { useEffect, useRef, useState } from "preact/hooks";
import { currentUser, isCreator, loadSession, signOut } from "./_lib/session.ts";
import { authPagePath } from "./_lib/next_path.ts";

/** Props of {@linkcode UserMenu}. */
export interface UserMenuProps {
  /** Where "Sign in" returns to. */
  next?: string;
}

/**
 * The header's account control: a "Sign in" link (as the server renders it, since cached
 * pages hold no user data), replaced in the browser by the signed-in user's menu.
 */
export default function UserMenu({ next }: UserMenuProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    void loadSession();
  }, []);

  useEffect(() => {
    if (!open) return;
    const onClick = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("click", onClick);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const user = currentUser.value;
  if (!user) {
    return <a class="button button-quiet sign-in" href={authPagePath("/signin", next)}>Sign in</a>;
  }
  return (
    <div class="user-menu" ref={root}>
      <button
        ref={button}
        type="button"
        class="user-button"
        aria-expanded={open ? "true" : "false"}
        aria-controls="user-menu-list"
        onClick={() => setOpen(!open)}
      >
        {user.displayName}
      </button>
      <ul id="user-menu-list" class="user-menu-list" role="list" hidden={!open}>
        <li>
          <a href="/library">Library</a>
        </li>
        <li>
          <a href="/orders">Orders</a>
        </li>
        <li>
          <a href="/account">Account</a>
        </li>
        {isCreator(user)
          ? (
            <>
              <li>
                <a href="/dashboard">Dashboard</a>
              </li>
              <li>
                <a href="/studio">Studio</a>
              </li>
            </>
          )
          : null}
        <li>
          <button
            type="button"
            onClick={async () => {
              await signOut();
              location.assign("/");
            }}
          >
            Sign out
          </button>
        </li>
      </ul>
    </div>
  );
}
